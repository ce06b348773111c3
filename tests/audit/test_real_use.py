"""The privacy officer's audit view as people use it: any query string, Dutch on the page."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.urls import reverse

from audit.models import AuditAction, AuditEvent, AuditPart
from audit.services import AuditSubject, audit_record_refusal

pytestmark = pytest.mark.django_db

ABSURD = ["²", "99999999999999999999", "-1", "0", "9999-12-31", "0001-01-01", "", " ", "1-1", "abc",
          "2026-02-30", "x" * 5000, "\x00", "%", "1e9"]
PARAMS = ["child_id", "actor", "action", "refused_only", "date_from", "date_to", "page"]


@pytest.mark.parametrize("param", PARAMS)
@pytest.mark.parametrize("value", ABSURD)
def test_no_query_parameter_value_gives_a_server_error(world, client_for, param, value):
    response = client_for(world.privacy_officer).get(reverse("audit:event_list"), {param: value})
    assert response.status_code == 200


@pytest.mark.parametrize("param, value", [("date_to", "9999-12-31"), ("date_from", "0001-01-01"),
                                          ("date_from", "9999-12-31"), ("date_to", "0001-01-01")])
def test_a_date_far_out_of_range_gets_a_dutch_message_on_the_page(world, client_for, param, value):
    response = client_for(world.privacy_officer).get(reverse("audit:event_list"), {param: value},
                                                      HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 200
    assert param in response.context["form"].errors
    html = response.content.decode()
    assert "Kies een datum" in html


def test_the_date_fields_are_the_browsers_own_date_inputs_with_bounds(world, client_for):
    response = client_for(world.privacy_officer).get(reverse("audit:event_list"), {"date_from": "2026-03-01"})
    html = response.content.decode()
    assert 'type="date"' in html and 'value="2026-03-01"' in html
    assert 'min="2000-01-01"' in html


def test_a_visitor_who_was_not_logged_in_shows_in_dutch(world, client_for):
    request = RequestFactory().get(f"/consent/g/x/{world.children_a[0].pk}/")
    request.user = AnonymousUser()
    subject = AuditSubject(object_type="children.child", object_id=str(world.children_a[0].pk),
                           child_id=world.children_a[0].pk, municipality_id=world.municipality.pk)
    audit_record_refusal(request, subject, action=AuditAction.VIEW, part=AuditPart.PROFILE)
    assert AuditEvent.objects.filter(actor_id=None).exists()
    page = client_for(world.privacy_officer).get(reverse("audit:event_list"), HTTP_ACCEPT_LANGUAGE="nl")
    html = page.content.decode()
    assert "anonymous" not in html
    assert "niet ingelogd" in html


def test_a_filter_that_cannot_be_read_shows_no_unfiltered_list_but_says_why(world, client_for):
    client_for(world.pmer_a).get(reverse("children:detail", args=[world.children_a[0].pk]))
    response = client_for(world.privacy_officer).get(reverse("audit:event_list"), {"date_to": "9999-12-31"},
                                                     HTTP_ACCEPT_LANGUAGE="nl")
    assert list(response.context["page"].object_list) == []
    assert "Nog niet gefilterd" in response.content.decode()


def test_searching_for_what_the_page_shows_finds_the_visitor_who_was_not_logged_in(world, client_for):
    request = RequestFactory().get("/consent/g/x/")
    request.user = AnonymousUser()
    subject = AuditSubject(object_type="children.child", object_id=str(world.children_a[0].pk),
                           child_id=world.children_a[0].pk, municipality_id=world.municipality.pk)
    audit_record_refusal(request, subject, action=AuditAction.VIEW, part=AuditPart.PROFILE)
    client_for(world.pmer_a).get(reverse("children:detail", args=[world.children_a[0].pk]))
    response = client_for(world.privacy_officer).get(reverse("audit:event_list"), {"actor": "niet ingelogd"},
                                                     HTTP_ACCEPT_LANGUAGE="nl")
    shown = list(response.context["page"].object_list)
    assert len(shown) == 1 and shown[0].actor_id is None
