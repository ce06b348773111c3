"""The app's URLs plus one page that fails, to see the 500 page as a user does."""

from django.urls import path

from accounts.access import public
from alert4you.urls import handler500  # noqa: F401
from alert4you.urls import urlpatterns as app_urlpatterns


@public
def failing(request):
    raise RuntimeError("a bug")


urlpatterns = [path("failing/", failing), *app_urlpatterns]
