"""A functional administrator adds a language version of a consent text in the admin, without
code; a text guardians signed cannot be changed in place."""

import pytest
from django.urls import reverse

from consent.models import ConsentEvent, ConsentText
from tests.consent.factories import consent_for

pytestmark = pytest.mark.django_db


def test_the_functional_administrator_adds_a_turkish_version(world, client_for):
    # Version 1 in Turkish ships with the app (consent/texts.py); her own wording is a new version.
    client = client_for(world.functional_administrator)
    response = client.post(reverse("admin:consent_consenttext_add"), {
        "purpose": "observation", "version": 2, "language": "tr", "title": "Çocuğunuzun gözlemi",
        "body": "Bir uzman çocuğunuzu kreşte gözlemler."})
    assert response.status_code == 302
    assert ConsentText.objects.filter(language="tr", purpose="observation", version=2).exists()


def test_a_signed_text_is_not_changed_in_place(world, client_for):
    consent_for(world.children_a[0], parties=("specialist",))
    text = ConsentText.objects.get(purpose="observation", setting="childcare", language="nl", version=1)
    ConsentEvent.objects.create(consent=world.children_a[0].consents.get(), kind="given", channel="online",
                                text=text, text_sha256=text.sha256)
    client = client_for(world.functional_administrator)
    response = client.post(reverse("admin:consent_consenttext_change", args=[text.pk]), {
        "purpose": "observation", "version": 1, "language": "nl", "title": text.title, "body": "Iets anders."})
    assert response.status_code == 200  # the form again, with the message
    text.refresh_from_db()
    assert text.body != "Iets anders."


def test_other_roles_have_no_admin(world, client_for):
    response = client_for(world.pmer_a).get(reverse("admin:consent_consenttext_changelist"))
    assert response.status_code in (302, 403)
