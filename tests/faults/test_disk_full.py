"""The disk for uploads is full while a pm'er uploads the signed paper consent form.

What she notices: a Dutch message that the file was not saved because there is no room, what she
typed is still in the form, and nothing of it was recorded (no consent, the case still waits, no
half-written file on the disk). Any other upload that meets a full disk gets the Dutch 503 page.
"""

import datetime
import errno

import pytest
from django.core.files.storage import FileSystemStorage
from django.urls import reverse

from alert4you.faults import SpaceCheckedStorage
from consent.models import PaperConsent
from tests.casework.factories import ask
from tests.consent.factories import pdf_upload

pytestmark = pytest.mark.django_db

CHECKED_STORAGE = {
    "default": {"BACKEND": "alert4you.faults.SpaceCheckedStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}


@pytest.fixture
def full_disk(monkeypatch, tmp_path):
    """Writing a file creates it, writes part of it, and then the disk is full (as os.write fails)."""
    original = FileSystemStorage._save

    def save_until_full(self, name, content):
        original(self, name, content)  # the file is there, half written
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(FileSystemStorage, "_save", save_until_full)
    return tmp_path


def paper_consent_form():
    return {"signed_by": "Anouk de Vries", "relation": "mother",
            "signed_on": datetime.date.today().isoformat(),  # noqa: DTZ011
            "purposes": ["observation"], "parties": ["specialist", "youth_nurse"], "scan": pdf_upload()}


def files_in(folder):
    return [p for p in folder.rglob("*") if p.is_file()]


def test_the_paper_consent_form_says_the_disk_is_full_and_keeps_what_she_typed(cw, client_for, settings, full_disk):
    settings.STORAGES = CHECKED_STORAGE
    settings.MEDIA_ROOT = full_disk
    case = ask(cw)
    state_before = case.state
    response = client_for(cw.pmer_a).post(reverse("casework:consent", args=[case.pk]), paper_consent_form())
    html = response.content.decode()
    assert response.status_code == 200
    assert "er is geen ruimte meer om bestanden op te slaan" in html
    assert "Anouk de Vries" in html
    assert not PaperConsent.objects.exists()
    case.refresh_from_db()
    assert case.state == state_before
    assert files_in(full_disk) == [], "the half-written scan is removed"


def test_with_the_plain_file_system_a_full_disk_gets_the_dutch_page_not_the_error_page(
        cw, client_for, settings, full_disk):
    settings.STORAGES = {**CHECKED_STORAGE, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}
    settings.MEDIA_ROOT = full_disk
    case = ask(cw)
    state_before = case.state
    client = client_for(cw.pmer_a)
    client.raise_request_exception = False
    response = client.post(reverse("casework:consent", args=[case.pk]), paper_consent_form())
    html = response.content.decode()
    assert response.status_code == 503
    assert "Opslaan is niet gelukt" in html and "geen ruimte meer om bestanden op te slaan" in html
    assert response["X-Frame-Options"] == "DENY" and response["Content-Security-Policy"]
    assert not PaperConsent.objects.exists()
    case.refresh_from_db()
    assert case.state == state_before


def test_the_storage_passes_other_errors_on_unchanged(monkeypatch, tmp_path):
    def broken(self, name, content):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(FileSystemStorage, "_save", broken)
    with pytest.raises(PermissionError):
        SpaceCheckedStorage(location=tmp_path).save("a.pdf", pdf_upload())
