"""The demo's welcome mail links on SITE_URL (every link in a mail is absolute on the address people
reach the app at) and addresses the administrator with "je", as every page does (issue 12)."""

import io
import re

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_the_welcome_mail_links_on_site_url_and_says_je(mailoutbox, monkeypatch, settings):
    monkeypatch.delenv("PORT", raising=False)
    settings.SITE_URL = "https://alert4you.example.nl"
    call_command("load_demo_data", stdout=io.StringIO())
    body = mailoutbox[0].body
    assert "https://alert4you.example.nl/" in body and "localhost" not in body
    words = set(re.findall(r"\w+", body.lower()))
    assert "je" in words and not words & {"u", "uw"}
