from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .models import Role
from .selectors import memberships_of, roles_of

# (role, url name, label): the navigation of each role. Later issues add their pages here.
NAVIGATION = [
    (None, "home", _("Home")),
    (Role.CHILDCARE_WORKER, "children:list", _("Children")),
    (Role.COORDINATOR, "accounts:membership_list", _("Memberships")),
    (Role.PRIVACY_OFFICER, "audit:event_list", _("Audit trail")),
    (Role.FUNCTIONAL_ADMINISTRATOR, "admin:index", _("Administration")),
]


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    roles = roles_of(user)
    items = []
    for role, url_name, label in NAVIGATION:
        if role is None or role in roles:
            url = reverse(url_name)
            items.append({"url": url, "label": label, "active": request.path == url
                          or (url != "/" and request.path.startswith(url))})
    from django.conf import settings

    if settings.DEMO_MAILBOX:
        url = reverse("demo:inbox")
        items.append({"url": url, "label": _("Mailbox"), "active": request.path.startswith(url)})
    return {"nav_items": items, "my_memberships": memberships_of(user)}
