"""Deny by default: every URL's view declares an access rule, and an undeclared view is refused."""

import pytest
from django.http import HttpResponse
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, include, path

from accounts.access import DECLARED_NAMESPACES, access_rule_of


def all_patterns(resolver=None, namespaces=()):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            yield from all_patterns(pattern, (*namespaces, pattern.namespace) if pattern.namespace else namespaces)
        elif isinstance(pattern, URLPattern):
            yield pattern, namespaces


def test_every_view_declares_an_access_rule():
    undeclared = [
        str(pattern.pattern)
        for pattern, namespaces in all_patterns()
        if not (DECLARED_NAMESPACES & set(namespaces)) and access_rule_of(pattern.callback) is None
    ]
    assert undeclared == []


def test_the_url_conf_is_not_empty():
    names = {pattern.name for pattern, _ in all_patterns()}
    assert {"home", "login", ["children", "list"][1], "event_list", "membership_list"} <= names


def undeclared_view(request):
    return HttpResponse("secret")


urlpatterns = [path("undeclared/", undeclared_view), path("", include("alert4you.urls"))]


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
def test_an_undeclared_view_is_refused(client, django_user_model):
    client.force_login(django_user_model.objects.create(username="someone"))
    response = client.get("/undeclared/")
    assert response.status_code == 403
    assert b"secret" not in response.content
