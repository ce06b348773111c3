from functools import cache

from django.http import HttpResponse
from django.template import engines

from accounts.access import public
from organisations.models import Municipality


@cache
def floor_template():
    """A tiny template, compiled once like a cached file template (not at import: the template
    engine loads every app's tag libraries, which may import the URL conf being loaded)."""
    return engines["django"].from_string(
        '<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>floor</title></head>'
        "<body><p>{{ municipality.name }}</p></body></html>"
    )


@public
def floor(request):
    """The floor every page is compared with: one row read, a tiny template, the full middleware."""
    municipality = Municipality.objects.order_by("pk").only("name").first()
    return HttpResponse(floor_template().render({"municipality": municipality}, request))
