"""The app's own error pages: Dutch, in the app's layout, with a way home; each logged once."""

import logging

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def handlers_that_write(logger_name, record):
    """The handlers a record logged on ``logger_name`` reaches, as logging.Logger.callHandlers walks
    them (pytest's own capture handlers left out): the number of times it is written."""
    found = []
    logger = logging.getLogger(logger_name)
    while logger is not None:
        for handler in logger.handlers:
            if type(handler).__module__.startswith("_pytest"):
                continue
            if record.levelno >= handler.level and handler.filter(record):
                found.append(handler)
        logger = logger.parent if logger.propagate else None
    return found


def assert_app_layout(html):
    assert 'lang="nl"' in html
    assert 'id="main"' in html  # the app's own layout (skip link target), not a bare page
    assert 'href="/"' in html   # a way home


def test_a_refused_page_is_the_apps_own_dutch_403(world, client_for):
    response = client_for(world.pmer_a).get(reverse("audit:event_list"))
    assert response.status_code == 403
    html = response.content.decode()
    assert "Geen toegang" in html
    assert_app_layout(html)


def test_a_missing_page_is_the_apps_own_dutch_404(world, client_for):
    response = client_for(world.pmer_a).get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Niet gevonden" in html
    assert_app_layout(html)


@pytest.mark.urls("tests.alert4you.urls_failing")
def test_a_failing_page_is_the_apps_own_dutch_500_in_its_layout(world):
    client = Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE="nl")
    response = client.get("/failing/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Er ging iets mis" in html
    assert "Something went wrong" not in html
    assert_app_layout(html)


def test_an_expired_form_is_a_dutch_page_not_djangos_csrf_explanation(world):
    client = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="nl")
    response = client.post(reverse("login"), {"username": "x", "password": "y"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "CSRF" not in html
    assert "Het formulier is verlopen" in html
    assert_app_layout(html)


@pytest.mark.parametrize("debug", [False, True])
def test_a_403_is_logged_once_as_one_line(world, client_for, caplog, settings, debug):
    settings.DEBUG = debug
    with caplog.at_level(logging.INFO):
        client_for(world.pmer_a).get(reverse("audit:event_list"))
    records = [r for r in caplog.records if r.getMessage().startswith("Forbidden")]
    assert len(records) == 1
    record = records[0]
    assert record.exc_info is None and not record.exc_text  # one line: no traceback for a refusal
    assert len(handlers_that_write(record.name, record)) == 1


@pytest.mark.urls("tests.alert4you.urls_failing")
def test_a_500_is_logged_once_with_its_traceback(world, caplog):
    with caplog.at_level(logging.INFO):
        Client(raise_request_exception=False).get("/failing/")
    records = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(records) == 1
    assert records[0].exc_info is not None  # a bug keeps its traceback
    assert len(handlers_that_write(records[0].name, records[0])) == 1


def test_a_request_for_a_strange_host_is_refused_with_one_line_in_the_log(world, caplog):
    with caplog.at_level(logging.INFO):
        response = Client(HTTP_ACCEPT_LANGUAGE="nl").get("/login/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Verzoek niet begrepen" in html
    records = [r for r in caplog.records if r.name.startswith("django.security")]
    assert len(records) == 1
    assert records[0].exc_info is None and not records[0].exc_text
    assert len(handlers_that_write(records[0].name, records[0])) == 1
