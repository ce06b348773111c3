from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .models import Role
from .selectors import memberships_of, roles_of
from .sessions import idle_timeout

# (role, url name, label): the navigation of each role. Later issues add their pages here.
NAVIGATION = [
    (None, "home", _("Home")),
    (Role.CHILDCARE_WORKER, "children:list", _("Children")),
    (Role.CHILDCARE_WORKER, "casework:my_requests", _("Requests for help")),
    (Role.TEACHER, "children:list", _("Children")),
    (Role.TEACHER, "casework:my_requests", _("Requests for help")),
    (Role.SPECIALIST, "casework:caseload", _("Caseload")),
    (Role.YOUTH_NURSE, "casework:caseload", _("Caseload")),
    (Role.COORDINATOR, "casework:overview", _("Cases")),
    (Role.COORDINATOR, "accounts:membership_list", _("Memberships")),
    (Role.COORDINATOR, "surveys:round_list", _("Questionnaires")),
    (Role.PROGRAMME_COORDINATOR, "surveys:round_list", _("Questionnaires")),
    (Role.PRIVACY_OFFICER, "audit:event_list", _("Audit trail")),
    (Role.FUNCTIONAL_ADMINISTRATOR, "admin:index", _("Administration")),
]


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    roles = roles_of(user)
    items = []
    # Before the second factor there is nowhere to go yet: no menu.
    verified = user.is_verified() if hasattr(user, "is_verified") else True
    for role, url_name, label in NAVIGATION if verified else []:
        if role is None or role in roles:
            url = reverse(url_name)
            items.append({"url": url, "label": label, "active": request.path == url
                          or (url != "/" and request.path.startswith(url))})
    from django.conf import settings

    if settings.DEMO_MAILBOX and verified:
        url = reverse("demo:inbox")
        items.append({"url": url, "label": _("Mailbox"), "active": request.path.startswith(url)})
    idle = idle_timeout(request)
    return {"nav_items": items, "my_memberships": memberships_of(user), "session_idle_seconds": idle,
            "session_idle_warning": min(settings.SESSION_IDLE_WARNING, idle // 2)}
