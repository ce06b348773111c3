import logging

from django.db import connection
from django.http import HttpResponseServerError, JsonResponse
from django.template import loader

from accounts.access import public

logger = logging.getLogger(__name__)

# When even the layout cannot be drawn (the database is away, a template is broken): plain Dutch.
BARE_500 = (
    '<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>Er ging iets mis · Alert4you</title>'
    '</head><body><main id="main"><h1>Er ging iets mis</h1><p>Probeer het over een paar minuten opnieuw. '
    'Blijft het misgaan, meld het dan bij je functioneel beheerder.</p><p><a href="/">Naar je startpagina</a>'
    "</p></main></body></html>"
)


@public
def health(request):
    """For the container health check and the load balancer: the app answers and reaches its database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return JsonResponse({"status": "ok"})


def server_error(request):
    """The 500 page in the app's layout. Django's own handler renders it without the request, so the
    layout's language switch and menu had nothing to work with; with the request first, then
    without it, then bare, since whatever broke the page may break drawing this one too."""
    template = loader.get_template("500.html")
    for render in (lambda: template.render({}, request), lambda: template.render({})):
        try:
            return HttpResponseServerError(render())
        except Exception:  # noqa: BLE001 - the error page must always answer
            logger.warning("The 500 page could not be drawn this way; trying a simpler one.", exc_info=True)
    return HttpResponseServerError(BARE_500)
