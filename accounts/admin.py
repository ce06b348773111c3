from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from alert4you.admin import FunctionalAdminMixin

from .models import Membership, User


class MembershipInline(admin.StackedInline):
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
