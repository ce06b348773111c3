import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from demo.models import MailboxMessage

pytestmark = pytest.mark.django_db

MAILBOX = {"EMAIL_BACKEND": "demo.backends.MailboxBackend", "DEMO_MAILBOX": True}


@pytest.fixture
def mails(world):
    with override_settings(**MAILBOX):
        mail.send_mail("Voor de pm'er", "Er staat iets voor je klaar: http://testserver/", None,
                       [world.pmer_a.email.upper()])
        mail.send_mail("Voor een ouder", "Geef toestemming via de link.", None, ["ouder@example.org"])
    return MailboxMessage.objects.order_by("pk")


@override_settings(**MAILBOX)
def test_a_user_reads_her_own_mail_only(world, mails, client_for):
    client = client_for(world.pmer_a)
    response = client.get(reverse("demo:inbox"))
    assert [m.subject for m in response.context["mails"]] == ["Voor de pm'er"]
    own, other = mails
    assert client.get(reverse("demo:message", args=[own.pk])).status_code == 200
    assert client.get(reverse("demo:message", args=[other.pk])).status_code == 404


@override_settings(**MAILBOX)
def test_the_functional_administrator_reads_all_demo_mail(world, mails, client_for):
    response = client_for(world.functional_administrator).get(reverse("demo:inbox"))
    assert len(response.context["mails"]) == 2


@override_settings(**MAILBOX)
def test_anonymous_is_sent_to_login(mails, client):
    response = client.get(reverse("demo:inbox"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


@override_settings(DEMO_MAILBOX=False)
def test_the_mailbox_does_not_exist_outside_the_demo(world, client_for):
    assert client_for(world.functional_administrator).get(reverse("demo:inbox")).status_code == 404
