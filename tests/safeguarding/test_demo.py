"""The demo holds one reporting-code path, seen only by its author and the officer of her organisation."""

import io

import pytest
from django.core.management import call_command

from accounts.models import User
from safeguarding.models import MeldcodeEntry, MeldcodePath, Step

pytestmark = pytest.mark.django_db


def test_demo_has_one_meldcode_path_for_the_pmer_and_her_officer_only(monkeypatch):
    monkeypatch.delenv("PORT", raising=False)
    call_command("load_demo_data", stdout=io.StringIO())
    call_command("load_demo_data", stdout=io.StringIO())
    path = MeldcodePath.objects.get()
    assert [e.step for e in path.entries.all()] == [Step.SIGNALS, Step.CONSULTATION]
    assert MeldcodeEntry.objects.count() == 2
    seeing = {u.username for u in User.objects.all() if MeldcodePath.objects.visible_to(u).exists()}
    assert seeing == {"pmer.hoogeveen", "safeguarding.hoogeveen"}
