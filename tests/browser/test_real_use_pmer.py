"""Real use, the childcare worker (pm'er) on the group's tablet, in Dutch, typing every value.

She logs in (name, password and the code from her app typed), asks for help about one child of
her group, presses back and sends the form again (nothing is made twice), and sends the guardian
the link to decide online: the e-mail in the mailbox carries a link a mail client can open
(absolute). Later she says how the specialist's advice worked: "not tried" together with "it
worked" is refused in Dutch, a real evaluation is kept, and sending it again changes nothing.

The parent's part follows in test_real_use_parent.py, the specialist's in
test_real_use_specialist.py, the coordinator's in test_real_use_coordinator.py."""

import re

import pytest
from django.core import mail

from casework.models import Case, CaseEvent, CaseState, ObservationRequest
from consent.models import ConsentRequest
from observations.models import Advice
from tests.accounts.factories import PASSWORD
from tests.browser.conftest import (
    assert_accessible,
    assert_dutch_date_fields,
    check_dutch_page,
    check_every_mail_link,
    is_dutch,
    links_in_mail,
    log_in_typed,
    seed_consent_texts,
    type_date,
    type_into,
)
from tests.casework.conftest import cw, media_in_tmp  # noqa: F401 - fixtures shared with the casework tests

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _consent_texts(transactional_db):
    """The consent texts the migrations wrote (a transactional test before this one emptied them)."""
    seed_consent_texts()

QUESTION = "Ze praat nog weinig en wijst vooral naar wat ze wil."
TRIED = "Veel benoemen en samen voorlezen."


def go_back_and_send_again(page, button, screenshot=None, name=None, typed=None, retype=()):
    """Back to the form and send it again, as a person does: Chromium restores what was typed, and
    she presses the button once more. (Call it after a form that was opened fresh: when the page
    before is itself a form returned with a remark, Chromium shows "confirm resubmission" instead.)
    `typed`: (field, value) she typed, which must be back in the field, or the form sent again would
    not be the same form. `retype`: (field, value) pairs the browser does not restore (a field with
    autocomplete=off, such as hours) and she types again when she sees them empty.
    Returns False when the page she comes back to offers no such button any more."""
    page.go_back()
    page.wait_for_load_state()
    if not button.count() or not button.first.is_visible():
        return False
    if typed is not None:
        field, value = typed
        assert field.input_value() == value, "Chromium did not restore the form: the journey cannot send it again"
    for field, value in retype:
        if not field.input_value():
            type_into(field, value)
    if screenshot is not None:
        screenshot(page, f"{name}-back")  # what she sees after going back: the form as she sent it
    button.first.click()
    page.wait_for_load_state()
    if screenshot is not None:
        screenshot(page, name)
    return True


def test_pmer_asks_about_one_child_and_sends_the_guardian_her_link(cw, browser_for, screenshot, findings,  # noqa: F811
                                                                  live_server):
    child = cw.children_a[0]
    guardian = child.guardians.get()
    page = browser_for()
    assert_dutch_date_fields(page)

    log_in_typed(page, cw.pmer_a, PASSWORD)
    page.get_by_role("link", name="Hulp vragen").first.click()
    ask_url = page.url

    def fill_the_question():
        page.get_by_label("Eén kind").check()
        page.locator("#id_child").select_option(str(child.pk))
        page.get_by_label("Een zorg over de ontwikkeling").check()
        type_into(page.locator("#id_question"), QUESTION)
        type_into(page.locator("#id_already_tried"), TRIED)

    # The child with a group that is not hers (Peuters; she is in Dreumesen): refused in Dutch, nothing sent.
    fill_the_question()
    other_group = cw.group_a2 if child.group_id != cw.group_a2.pk else cw.group_a
    page.locator("#id_group").select_option(str(other_group.pk))
    page.get_by_role("button", name="Mijn vraag versturen").click()
    page.wait_for_load_state()
    screenshot(page, "real-use-pmer-question-wrong-group")
    check_dutch_page(findings, page, "real-use-pmer-question-wrong-group")
    message = page.locator("#error_1_id_group, #id_group ~ .invalid-feedback")
    findings.check(not Case.objects.exists(), "a question about a child was accepted with a group that is not hers",
                   page, "real-use-pmer-question-wrong-group-saved")
    findings.check(message.count() and is_dutch(message.first.inner_text()),
                   "no Dutch message for a group that is not the child's")
    wrong = list(Case.objects.values_list("pk", flat=True))  # the journey goes on past a wrongly accepted one

    # The question as she means it: the child, no group (the child's own is meant).
    page.goto(ask_url)
    fill_the_question()
    screenshot(page, "real-use-pmer-question-typed")
    check_dutch_page(findings, page, "real-use-pmer-question-typed")
    page.get_by_role("button", name="Mijn vraag versturen").click()
    page.wait_for_url("**/requests/*/")
    assert page.get_by_test_id("case-state").inner_text() == "Wacht op toestemming"
    case = Case.objects.exclude(pk__in=wrong).get()
    assert case.request.question == QUESTION and case.request.already_tried == TRIED
    assert case.request.group_id == child.group_id
    screenshot(page, "real-use-pmer-question-sent")

    # Back, and "Mijn vraag versturen" once more: still one question, one case.
    resent = go_back_and_send_again(page, page.get_by_role("button", name="Mijn vraag versturen"),
                                    screenshot, "real-use-pmer-question-sent-again",
                                    typed=(page.locator("#id_question"), QUESTION))
    made = (ObservationRequest.objects.exclude(case__pk__in=wrong).count(), Case.objects.exclude(pk__in=wrong).count())
    findings.check(made == (1, 1), f"back + 'Mijn vraag versturen' again (resent={resent}) made a second question: "
                   f"{made[0]} questions, {made[1]} cases",
                   page, "real-use-pmer-question-sent-again-failed")

    # She sends the guardian her link from the case page.
    page.goto(f"/requests/{case.pk}/")
    section = page.locator("section[aria-labelledby=consent-heading]")
    section.locator("#id_guardian").select_option(str(guardian.pk))
    section.get_by_role("button", name="Link versturen").click()
    page.wait_for_url(f"**/requests/{case.pk}/")
    screenshot(page, "real-use-pmer-link-sent")
    check_dutch_page(findings, page, "real-use-pmer-link-sent")
    assert_accessible(page)
    assert ConsentRequest.objects.filter(child=child).count() == 1
    [message] = [m for m in mail.outbox if guardian.email in m.to]
    links = [link for link in links_in_mail(message) if "/consent/g/" in link]
    assert links, f"no link to the guardian's page in the e-mail:\n{message.body}"
    findings.check(all(re.match(r"^https?://[^/]+/consent/g/", link) for link in links),
                   f"the e-mail's link cannot be opened from a mail client (not absolute): {links}")
    findings.check(child.first_name not in message.body and child.last_name not in message.body,
                   "the e-mail names the child")
    check_every_mail_link(findings)
    findings.assert_none()


def _advised_case(w):
    """A case of location A whose guardians consented, observed, with two pieces of advice."""
    import datetime

    from django.utils import timezone

    from casework.services import case_advance
    from observations.services import advice_give, visit_plan, visit_record_held
    from tests.casework.factories import ask, fake_request
    from tests.consent.factories import consent_for

    case = ask(w, question=QUESTION)
    consent_for(case.child)
    case.refresh_from_db()
    if case.state == CaseState.AWAITING_CONSENT:  # before casework follows the consent by itself
        case = case_advance(case=case, to=CaseState.READY_TO_PLAN, by=w.pmer_a)
    specialist = w.fixed_specialist
    visit_plan(request=fake_request(specialist), case=case, kind="observation",
               starts_at=timezone.now() + datetime.timedelta(days=2), place="Groepsruimte", by=specialist)
    case.refresh_from_db()
    visit_record_held(request=fake_request(specialist), case=case, kind="observation",
                      held_at=timezone.now() - datetime.timedelta(hours=1), hours=[(specialist, 2)],
                      notes="Speelt vooral alleen.", by=specialist)
    case.refresh_from_db()
    advice_give(request=fake_request(specialist), case=case, by=specialist, items=[
        {"target": "childcare_worker", "category": "child_approach", "text": "Benoem wat ze aanwijst."},
        {"target": "group", "category": "day_programme", "text": "Vaste liedjes bij de overgangen."},
    ])
    case.refresh_from_db()
    return case


def test_pmer_says_how_the_advice_worked(cw, browser_for, screenshot, findings, live_server):  # noqa: F811
    case = _advised_case(cw)
    first = Advice.objects.filter(case=case).order_by("pk").first()
    page = browser_for()
    log_in_typed(page, cw.pmer_a, PASSWORD)
    page.goto(f"/requests/{case.pk}/")
    page.locator(f"a[href='/visits/{case.pk}/advice/{first.pk}/evaluate/']").click()
    screenshot(page, "real-use-pmer-evaluate-form")
    check_dutch_page(findings, page, "real-use-pmer-evaluate-form")
    assert_accessible(page)

    # "Not tried" and "it worked" at once cannot both be true: refused in Dutch, nothing kept.
    page.locator("input[name=tried][value=not_tried]").check()
    page.locator("#id_worked").select_option("worked")
    type_into(page.locator("#id_remark"), "Nog niet aan toegekomen.")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    screenshot(page, "real-use-pmer-evaluate-contradiction")
    check_dutch_page(findings, page, "real-use-pmer-evaluate-contradiction")
    first.refresh_from_db()
    findings.check((first.tried, first.worked, first.remark) == ("", "", ""),
                   "'niet geprobeerd' with 'werkte' was accepted and saved as "
                   f"{(first.tried, first.worked, first.remark)}")
    findings.check(page.locator(".invalid-feedback, .alert-danger").first.is_visible(),
                   "no message on the page for 'niet geprobeerd' with 'werkte'")

    # The real evaluation.
    page.goto(f"/visits/{case.pk}/advice/{first.pk}/evaluate/")
    page.locator("input[name=tried][value=tried]").check()
    page.locator("#id_worked").select_option("worked")
    remark = "Ze wijst nu minder en zegt vaker een woord."
    type_into(page.locator("#id_remark"), remark)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(f"**/requests/{case.pk}/")
    assert page.get_by_test_id("advice-evaluation").first.is_visible()
    screenshot(page, "real-use-pmer-evaluated")
    check_dutch_page(findings, page, "real-use-pmer-evaluated")
    events = CaseEvent.objects.filter(case=case).count()

    first.refresh_from_db()
    assert (first.tried, first.worked, first.remark) == ("tried", "worked", remark)

    resent = go_back_and_send_again(page, page.locator("main form button[type=submit]"),
                                    screenshot, "real-use-pmer-evaluation-sent-again",
                                    typed=(page.locator("#id_remark"), remark))
    first.refresh_from_db()
    findings.check((first.tried, first.worked, first.remark) == ("tried", "worked", remark),
                   "back + send again changed the evaluation")
    findings.check(CaseEvent.objects.filter(case=case).count() == events,
                   f"back + send again (resent={resent}) added case events")
    findings.check(Advice.objects.filter(case=case).count() == 2, "back + send again added advice")
    check_every_mail_link(findings)
    findings.assert_none()


def test_pmer_records_the_signed_paper_form_and_writes_a_message(cw, browser_for, screenshot, findings,  # noqa: F811
                                                                 tmp_path, live_server):
    import datetime

    from django.utils import timezone

    from casework.models import CaseMessage
    from consent.models import PaperConsent
    from tests.casework.factories import ask
    from tests.consent.factories import PDF

    case = ask(cw, question=QUESTION)
    case_url = f"/requests/{case.pk}/"
    scan = tmp_path / "formulier.pdf"
    scan.write_bytes(PDF)
    page = browser_for()
    log_in_typed(page, cw.pmer_a, PASSWORD)

    # A message to everyone on the case, typed; back and "Versturen" again sends it once.
    page.goto(case_url)
    message = "Morgen is ze er niet, ze is bij oma."
    form = page.locator(f"form[action='/requests/{case.pk}/messages/']")
    type_into(form.locator("textarea"), message)
    form.locator("button[type=submit]").click()
    page.wait_for_url(f"**{case_url}")
    assert list(CaseMessage.objects.filter(case=case).values_list("body", flat=True)) == [message]
    resent = go_back_and_send_again(page, page.locator(f"form[action='/requests/{case.pk}/messages/'] "
                                                       "button[type=submit]"),
                                    screenshot, "real-use-pmer-message-sent-again",
                                    typed=(page.locator(f"form[action='/requests/{case.pk}/messages/'] textarea"),
                                           message))
    findings.check(CaseMessage.objects.filter(case=case).count() == 1,
                   f"back + 'Versturen' again (resent={resent}) sent the message twice")

    # The signed paper form: signed "in 2999" by a slip, refused in Dutch; then today, typed.
    page.goto(case_url)
    page.get_by_role("link", name="Ondertekend toestemmingsformulier vastleggen").click()
    type_into(page.locator("#id_signed_by"), "Anouk de Vries")
    page.locator("#id_relation").select_option("mother")
    type_date(page.locator("#id_signed_on"), datetime.date(2999, 11, 30))
    page.locator("#id_scan").set_input_files(str(scan))
    screenshot(page, "real-use-pmer-paper-consent-2999-typed")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    screenshot(page, "real-use-pmer-paper-consent-2999")
    check_dutch_page(findings, page, "real-use-pmer-paper-consent-2999")
    under = page.locator("#error_1_id_signed_on, #id_signed_on ~ .invalid-feedback")
    text = under.first.inner_text() if under.count() else None
    findings.check(not PaperConsent.objects.exists(), "a paper form signed in 2999 was recorded")
    findings.check(text is not None and is_dutch(text), f"no Dutch message for a form signed in 2999: {text!r}")
    findings.check(page.locator("#id_signed_by").input_value() == "Anouk de Vries",
                   "the signer's name was lost with the refused form")

    type_date(page.locator("#id_signed_on"), timezone.localdate())
    page.locator("#id_scan").set_input_files(str(scan))  # a browser never keeps a chosen file across a send
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(f"**{case_url}")
    screenshot(page, "real-use-pmer-paper-consent-recorded")
    assert page.get_by_test_id("case-state").inner_text() == "Klaar om te plannen"
    paper = PaperConsent.objects.get()
    assert (paper.signed_by, paper.signed_on) == ("Anouk de Vries", timezone.localdate())
    check_every_mail_link(findings)
    findings.assert_none()
