"""The demo (issue 17 item 5): Hoogeveen's schools take part; one school board, one school location with two
classes and pupils, a teacher login printed like the others, her request that reached advice, and the warm
handover that reached her school."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import Role, User
from casework.models import Case, CaseState, Handover
from notifications.models import Outbox
from organisations.models import Location, LocationKind, OrganisationKind, ProgrammeConfiguration

pytestmark = pytest.mark.django_db


@pytest.fixture
def output(monkeypatch):
    monkeypatch.delenv("PORT", raising=False)
    out = io.StringIO()
    call_command("load_demo_data", stdout=out)
    return out.getvalue()


def test_hoogeveen_has_a_participating_school_with_two_classes_and_a_teacher(output):
    school = Location.objects.get(kind=LocationKind.PRIMARY_SCHOOL)
    assert school.district.municipality.name == "Hoogeveen"
    assert school.organisation.kind == OrganisationKind.SCHOOL_BOARD and school.brin_number == "17WK00"
    assert school.groups.count() == 2
    assert 3 <= sum(group.children.count() for group in school.groups.all()) <= 5
    assert list(ProgrammeConfiguration.objects.filter(primary_schools_take_part=True)
                .values_list("municipality__name", flat=True)) == ["Hoogeveen"]
    teacher = User.objects.get(username="leerkracht.hoogeveen")
    assert teacher.memberships.get().role == Role.TEACHER and teacher.check_password("Alert4you-demo!")
    assert any("leerkracht.hoogeveen" in line and "leerkracht" in line.split()[0] for line in output.splitlines())


def test_her_request_reached_advice_and_the_handover_reached_her_school(output, client_for):
    teacher = User.objects.get(username="leerkracht.hoogeveen")
    case = Case.objects.get(request__requested_by=teacher)
    assert case.state == CaseState.ADVISED and case.advice.exists()
    handover = Handover.objects.get(school_location__brin_number="17WK00")
    assert Outbox.objects.filter(recipient=teacher, object_id=handover.pk).exists()
    home = client_for(teacher).get(reverse("home")).content.decode()
    assert reverse("casework:handover_received", args=[handover.case_id, handover.pk]) in home
    assert case.child.first_name in home
