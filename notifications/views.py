from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import login_required

from .forms import EmailPreferencesForm
from .selectors import access_notification_by_id, email_kinds_of, notifications_for
from .services import email_preferences_set, notification_mark_read, notifications_mark_all_read

PAGE_SIZE = 25


# Every professional gets notifications, whatever her role: the rule is "her own", applied in the query.
@login_required
def notification_list(request):
    page = Paginator(notifications_for(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notifications/notification_list.html", {"page": page})


@login_required
@require_POST
def notification_open(request, notification_id):
    notification = access_notification_by_id(request.user, notification_id)
    notification_mark_read(notification=notification, by=request.user)
    target = notification.url or "notifications:list"
    if notification.url and not url_has_allowed_host_and_scheme(notification.url, allowed_hosts=None):
        target = "notifications:list"
    return redirect(target)


@login_required
@require_POST
def notification_read_all(request):
    notifications_mark_all_read(by=request.user)
    messages.success(request, _("All notifications are marked as read."))
    return redirect("notifications:list")


@login_required
def email_preferences(request):
    if request.method == "POST":
        form = EmailPreferencesForm(request.POST)
        if form.is_valid():
            email_preferences_set(user=request.user, email_kinds=form.cleaned_data["email_kinds"], by=request.user)
            messages.success(request, _("Your e-mail preferences are saved."))
            return redirect("notifications:preferences")
    else:
        form = EmailPreferencesForm(initial={"email_kinds": email_kinds_of(request.user)})
    return render(request, "notifications/preferences.html", {"form": form})
