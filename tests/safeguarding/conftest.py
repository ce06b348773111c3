import pytest
from django.test import RequestFactory

from accounts.models import Role
from safeguarding.permissions import start_basis
from safeguarding.services import meldcode_add_step, meldcode_start
from tests.accounts.factories import MembershipFactory, member
from tests.casework.conftest import cw, media_in_tmp  # noqa: F401 - fixtures shared with the casework tests
from tests.casework.factories import ask
from tests.organisations.factories import ChildcareOrganisationFactory

SIGNALS = "Blauwe plekken op beide bovenarmen, gezien bij het verschonen op maandag."


def fake_request(user, method="post"):
    request = getattr(RequestFactory(), method)("/")
    request.user = user
    return request


@pytest.fixture
def mc(cw):  # noqa: F811
    """The casework world plus: a case on child A0 (fixed specialist and nurse on it), a second
    pm'er at location A, safeguarding officers of the care provider and of another organisation."""
    w = cw
    w.child = w.children_a[0]
    w.case = ask(w, child=w.child)
    w.case.refresh_from_db()
    w.pmer_a2 = member(Role.CHILDCARE_WORKER, location=w.location_a)
    # The factory helper ties an officer to a childcare organisation; this one serves the care provider.
    w.provider_officer = MembershipFactory(role=Role.SAFEGUARDING_OFFICER, care_provider=w.care_provider).user
    w.other_officer = member(Role.SAFEGUARDING_OFFICER, childcare_organisation=ChildcareOrganisationFactory())
    return w


def start(user, child, signals=SIGNALS):
    org_fields, _membership = start_basis(user, child)
    return meldcode_start(request=fake_request(user), child=child, org_fields=org_fields, signals=signals, by=user)


def add(path, step, by, **values):
    return meldcode_add_step(request=fake_request(by), path=path, step=step, values=values, by=by)
