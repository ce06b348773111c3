"""Back and submit again, or a double click, creates a thing once."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import get_messages
from django.contrib.messages.middleware import MessageMiddleware
from django.contrib.sessions.middleware import SessionMiddleware
from django.http import HttpResponse, HttpResponseRedirect
from django.test import RequestFactory

from idempotency import once_per_submission
from idempotency.models import FormSubmission
from idempotency.services import submissions_prune

CREATED = []


@once_per_submission
def create_view(request):
    if not request.POST.get("text"):
        return HttpResponse("form with errors", status=200)
    CREATED.append(request.POST["text"])
    return HttpResponseRedirect(f"/things/{len(CREATED)}/")


def _post(data, user=None, session=None):
    request = RequestFactory().post("/things/new/", data)
    SessionMiddleware(lambda r: None).process_request(request)
    if session:
        request.session = session
    MessageMiddleware(lambda r: None).process_request(request)
    request.user = user or AnonymousUser()
    if not request.session.session_key:
        request.session.save()
    return request


@pytest.fixture(autouse=True)
def _clean():
    CREATED.clear()


@pytest.mark.django_db
def test_the_same_form_sent_twice_creates_once_and_leads_to_the_first_result(django_user_model):
    user = django_user_model.objects.create(username="pm")
    first = create_view(_post({"text": "Vraag over de groep", "csrfmiddlewaretoken": "a"}, user))
    again = _post({"text": "Vraag over de groep", "csrfmiddlewaretoken": "b"}, user)
    second = create_view(again)
    assert CREATED == ["Vraag over de groep"]
    assert first["Location"] == second["Location"] == "/things/1/"
    assert [str(m) for m in get_messages(again)] == [
        "Dit was al opgeslagen; opnieuw versturen heeft niets dubbel opgeslagen."]


@pytest.mark.django_db
def test_other_content_or_another_person_is_a_new_submission(django_user_model):
    one = django_user_model.objects.create(username="one")
    two = django_user_model.objects.create(username="two")
    create_view(_post({"text": "A"}, one))
    create_view(_post({"text": "B"}, one))
    create_view(_post({"text": "A"}, two))
    assert CREATED == ["A", "B", "A"]


@pytest.mark.django_db
def test_a_form_with_errors_can_be_corrected_and_sent_again(django_user_model):
    user = django_user_model.objects.create(username="pm")
    assert create_view(_post({"text": ""}, user)).status_code == 200
    assert create_view(_post({"text": ""}, user)).status_code == 200
    assert not FormSubmission.objects.exists()
    create_view(_post({"text": "nu goed"}, user))
    assert CREATED == ["nu goed"]


@pytest.mark.django_db
def test_after_the_window_the_same_content_counts_again(django_user_model):
    from datetime import timedelta

    from django.utils import timezone

    user = django_user_model.objects.create(username="pm")
    create_view(_post({"text": "Dag"}, user))
    FormSubmission.objects.update(created_at=timezone.now() - timedelta(hours=1))
    create_view(_post({"text": "Dag"}, user))
    assert CREATED == ["Dag", "Dag"]
    FormSubmission.objects.update(created_at=timezone.now() - timedelta(hours=1))
    assert submissions_prune() == 1


@once_per_submission
def slow_create_view(request):
    import time

    time.sleep(0.5)
    CREATED.append(request.POST["text"])
    return HttpResponseRedirect(f"/things/{len(CREATED)}/")


@pytest.mark.django_db(transaction=True)
def test_a_double_click_while_the_first_is_still_saving_creates_once(django_user_model):
    """Two identical POSTs at once (two requests in two threads, each with its own connection)."""
    import threading

    from django.db import connection

    user = django_user_model.objects.create(username="pm")
    locations = []

    def send():
        try:
            locations.append(slow_create_view(_post({"text": "dubbel"}, user))["Location"])
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert CREATED == ["dubbel"]
    assert locations == ["/things/1/", "/things/1/"]


@once_per_submission
def refusing_view(request):
    from django.contrib import messages

    if not CREATED and request.POST.get("state") == "not yet":
        CREATED.append("refused")
        messages.error(request, "Nog geen toestemming.")
        return HttpResponseRedirect("/things/")
    CREATED.append(request.POST["state"])
    return HttpResponseRedirect("/things/1/")


@pytest.mark.django_db
def test_a_refusal_that_redirects_with_an_error_is_not_remembered_as_saved(django_user_model):
    user = django_user_model.objects.create(username="pm")
    refusing_view(_post({"state": "not yet"}, user))
    refusing_view(_post({"state": "not yet"}, user))
    assert CREATED == ["refused", "not yet"]
