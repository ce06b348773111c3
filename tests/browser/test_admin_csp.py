"""The admin's add pages under the app's Content-Security-Policy (issue 15, item 7): every one opens in
headless Chromium without a single CSP violation in the console, and its widgets work (the policy
stays as strict as for the rest of the app: no 'unsafe-inline')."""

import pytest
from django.contrib import admin
from django.urls import NoReverseMatch, reverse

from accounts.models import Role
from tests.accounts.factories import PASSWORD, member
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def add_pages():
    pages = []
    for model in admin.site._registry:
        try:
            pages.append(reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add"))
        except NoReverseMatch:
            continue
    return sorted(pages)


# Chromium reports a violation as a console error and as a "securitypolicyviolation" event; the
# event is collected too, as the console message reaches Playwright only for some kinds.
COLLECT = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(`${e.violatedDirective}: ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber}`);
});
"""


def console_problems(messages):
    """Errors and warnings in the console, a missing favicon aside (Chromium asks for /favicon.ico on
    its own; a failed load is reported without its address, so failed loads are checked apart)."""
    return [m for m in messages if m.startswith(("error", "warning")) and "Failed to load resource" not in m]


def failed_loads(page):
    failed = []
    page.on("response", lambda response: failed.append(f"{response.status} {response.url}")
            if response.status >= 400 and response.request.resource_type != "document"
            and not response.url.endswith("/favicon.ico") else None)
    return failed


def csp_errors(page, messages):
    console = [m for m in messages if "Content Security Policy" in m or "Content-Security-Policy" in m]
    return console + page.evaluate("window.__cspViolations || []")


def test_every_admin_add_page_opens_without_a_csp_violation(page, settings):
    settings.DEBUG = False
    administrator = member(Role.FUNCTIONAL_ADMINISTRATOR)
    page.context.add_init_script(COLLECT)
    messages = []
    page.on("console", lambda message: messages.append(f"{message.type}: {message.text}"))
    page.on("pageerror", lambda error: messages.append(f"error: {error}"))
    failed = failed_loads(page)
    log_in(page, administrator, PASSWORD)
    found, opened = {}, 0
    for path in add_pages():
        messages.clear()
        response = page.goto(path)
        if response.status == 403:
            continue  # a model without an add permission (the access log, lockouts)
        assert response.status == 200, f"{path}: {response.status}"
        page.wait_for_load_state("load")
        opened += 1
        page.wait_for_timeout(200)
        if errors := csp_errors(page, messages) + console_problems(messages):
            found[path] = errors
    assert opened >= 5
    assert failed == []
    assert found == {}, "\n".join(f"{path}: {len(errors)} CSP errors, first: {errors[0]}"
                                  for path, errors in found.items())


def test_the_admin_widgets_run_under_the_policy(page):
    """A colleague's page with her memberships: the inline's "add another" row, the two-list
    selector (groups, fixed contact of locations) and the search-as-you-type organisation field are
    drawn by the admin's JavaScript; using them raises no CSP violation either."""
    from organisations.models import CareProvider

    administrator = member(Role.FUNCTIONAL_ADMINISTRATOR)
    colleague = member(Role.SPECIALIST, care_provider=CareProvider.objects.create(name="Yorneo"))
    page.context.add_init_script(COLLECT)
    messages = []
    page.on("console", lambda message: messages.append(f"{message.type}: {message.text}"))
    failed = failed_loads(page)
    log_in(page, administrator, PASSWORD)
    page.goto(reverse("admin:accounts_user_change", args=[colleague.pk]))
    page.wait_for_load_state("load")
    # The two-list selector exists only when SelectFilter2.js ran.
    assert page.locator(".selector").count() >= 1
    page.locator(".add-row a").first.click()
    assert page.locator(".select2-selection").count() >= 1  # select2 ran on the autocomplete fields
    page.locator(".select2-selection").first.click()
    page.wait_for_timeout(500)
    assert csp_errors(page, messages) == []
    assert console_problems(messages) == []
    assert failed == []
    # The check sees a violation when there is one: an inline style, as the admin's widgets once had.
    page.evaluate("""document.body.insertAdjacentHTML("beforeend", '<div style="color: red">x</div>')""")
    page.wait_for_timeout(300)
    assert any(v.startswith("style-src") for v in csp_errors(page, messages))
