from axes.admin import AccessAttemptAdmin as AxesAccessAttemptAdmin
from axes.admin import AccessLogAdmin as AxesAccessLogAdmin
from axes.models import AccessAttempt, AccessLog
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from alert4you.admin import FunctionalAdminMixin, TolerantAutocompleteMixin

from .models import Membership, SecurityEvent, User
from .two_factor import second_factors_reset, security_event_record


class MembershipInline(TolerantAutocompleteMixin, admin.StackedInline):
    model = Membership
    extra = 0
    filter_horizontal = ["groups", "fixed_contact_for"]
    autocomplete_fields = ["location", "care_provider", "youth_health_service", "municipality",
                           "childcare_organisation"]

    def has_view_permission(self, request, obj=None):
        return self.admin_site.has_permission(request)

    has_add_permission = has_change_permission = has_delete_permission = has_view_permission


@admin.register(User)
class UserAdmin(FunctionalAdminMixin, DjangoUserAdmin):
    inlines = [MembershipInline]
    list_display = ["username", "first_name", "last_name", "email", "is_active"]
    # Staff and superuser flags stay out of reach: access comes from memberships.
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        ("", {"fields": ["first_name", "last_name", "email", "is_active"]}),
    ]
    actions = ["reset_second_factors"]
    # Staff and superuser flags grant nothing here, so they are no filter either.
    list_filter = ["is_active"]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if "is_active" in form.base_fields:
            # Django's own help text says "U"; the app says "je".
            form.base_fields["is_active"].help_text = _(
                "Untick this instead of deleting a colleague: she can no longer log in, and what she did stays "
                "traceable.")
        return form

    @admin.action(description=_("Reset second factors (she sets up her app again at the next login)"))
    def reset_second_factors(self, request, queryset):
        # A reset locks a colleague out of her app and keys at once: say whom and what, and ask first
        # (as Django's own delete action does); only the confirming POST carries "post".
        if request.POST.get("post") != "yes":
            return TemplateResponse(request, "admin/accounts/user/reset_second_factors_confirmation.html", {
                **self.admin_site.each_context(request),
                "title": _("Reset second factors?"),
                "opts": self.model._meta,
                "users": list(queryset.order_by("last_name", "first_name", "username")),
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            })
        for user in queryset:
            second_factors_reset(user=user, by=request.user, request=request)
        count = len(queryset)
        self.message_user(request, ngettext(
            "The second factor of %(count)d user was reset.", "The second factors of %(count)d users were reset.",
            count) % {"count": count}, messages.SUCCESS)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        kind = SecurityEvent.Kind.USER_CHANGED if change else SecurityEvent.Kind.USER_ADDED
        changed = ", ".join(form.changed_data)
        if changed or not change:
            security_event_record(kind=kind, subject=obj, by=request.user, detail=changed, request=request)

    def save_formset(self, request, form, formset, change):
        """Every membership the functional administrator adds, changes or deletes is logged."""
        super().save_formset(request, form, formset, change)
        if formset.model is not Membership:
            return
        for membership in formset.new_objects:
            security_event_record(kind=SecurityEvent.Kind.MEMBERSHIP_ADDED, subject=form.instance, by=request.user,
                                  detail=str(membership), request=request)
        for membership, fields in formset.changed_objects:
            security_event_record(kind=SecurityEvent.Kind.MEMBERSHIP_CHANGED, subject=form.instance,
                                  by=request.user, detail=f"{membership}: {', '.join(fields)}", request=request)
        for membership in formset.deleted_objects:
            security_event_record(kind=SecurityEvent.Kind.MEMBERSHIP_ENDED, subject=form.instance, by=request.user,
                                  detail=str(membership), request=request)


class ReadOnlyFunctionalAdminMixin(FunctionalAdminMixin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SecurityEvent)
class SecurityEventAdmin(ReadOnlyFunctionalAdminMixin, admin.ModelAdmin):
    """The security log: lockouts and unlocks, factor resets, trusted devices, users and memberships."""

    list_display = ["at", "kind", "subject_name", "actor_name", "detail", "ip_address"]
    list_filter = ["kind"]
    search_fields = ["subject_name", "actor_name", "detail"]
    date_hierarchy = "at"


@admin.register(AccessAttempt)
class AccessAttemptAdmin(FunctionalAdminMixin, AxesAccessAttemptAdmin):
    """Failed logins per (username, address). Deleting a row lifts its lockout; that is logged.

    axes' own status column and clean-up message are built from English pieces that no catalog can
    translate ("3 Attempt Remaining", an f-string); these say it in whole, translatable sentences.
    """

    list_display = ["attempt_time", "ip_address", "user_agent", "username", "path_info", "failures_since_start",
                    "status"]

    @admin.display(description=_("Status"))
    def status(self, obj):
        left = settings.AXES_FAILURE_LIMIT - obj.failures_since_start
        if left > 0:
            return _("Attempts left: %(count)d") % {"count": left}
        return _("Locked out")

    @admin.display(description=_("Expires at"))
    def expiration(self, obj):
        return obj.expiration.expires_at if hasattr(obj, "expiration") else _("Not set")

    @admin.action(description=_("Clean up expired attempts"))
    def cleanup_expired_attempts(self, request, queryset):
        count = self.handler.clean_expired_user_attempts(request=request)
        self.message_user(request, _("Expired attempts cleaned up: %(count)d.") % {"count": count})

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def _log_unlock(self, request, attempt):
        security_event_record(kind=SecurityEvent.Kind.LOCKOUT_LIFTED, subject=User.objects.filter(
            username=attempt.username).first(), by=request.user, detail=f"{attempt.username} @ {attempt.ip_address}",
            request=request)

    def delete_model(self, request, obj):
        self._log_unlock(request, obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for attempt in queryset:
            self._log_unlock(request, attempt)
        super().delete_queryset(request, queryset)


@admin.register(AccessLog)
class AccessLogAdmin(ReadOnlyFunctionalAdminMixin, AxesAccessLogAdmin):
    """Successful logins and logouts, with address and browser."""
