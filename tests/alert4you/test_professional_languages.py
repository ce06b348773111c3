"""Professionals' pages are Dutch or English, whatever else the browser asks for (the six languages
in LANGUAGES are for guardians); the guardian's own pages still follow her browser."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("asked", ["ar", "tr", "pl", "uk", "ar,en;q=0.5"])
def test_a_professional_page_stays_dutch_when_the_browser_asks_for_a_guardian_language(world, client_for, asked):
    page = client_for(world.pmer_a).get(reverse("home"), HTTP_ACCEPT_LANGUAGE=asked)
    assert page.status_code == 200
    assert '<html lang="nl"' in page.content.decode()
    assert page["Content-Language"] == "nl"


def test_english_stays_available_to_professionals(world, client_for):
    page = client_for(world.pmer_a).get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en")
    assert '<html lang="en"' in page.content.decode()


def test_the_login_page_is_dutch_for_an_arabic_browser(client):
    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="ar")
    assert '<html lang="nl"' in page.content.decode() and "Inloggen" in page.content.decode()


def test_the_guardians_code_page_still_follows_her_browser(client):
    page = client.get(reverse("consent:code"), HTTP_ACCEPT_LANGUAGE="uk")
    assert '<html lang="uk"' in page.content.decode()
