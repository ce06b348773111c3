from django.contrib import admin

from alert4you.admin import FunctionalAdminMixin

from .models import (
    CareProvider,
    ChildcareOrganisation,
    District,
    Group,
    Location,
    Municipality,
    ProgrammeConfiguration,
    YouthHealthService,
)


class ProgrammeConfigurationInline(admin.StackedInline):
    model = ProgrammeConfiguration
    can_delete = False

    def has_view_permission(self, request, obj=None):
        return self.admin_site.has_permission(request)

    has_add_permission = has_change_permission = has_delete_permission = has_view_permission


@admin.register(Municipality)
class MunicipalityAdmin(FunctionalAdminMixin, admin.ModelAdmin):
    inlines = [ProgrammeConfigurationInline]
    search_fields = ["name"]


@admin.register(District)
class DistrictAdmin(FunctionalAdminMixin, admin.ModelAdmin):
    list_display = ["name", "municipality"]
    list_filter = ["municipality"]
    search_fields = ["name"]


@admin.register(ChildcareOrganisation)
class ChildcareOrganisationAdmin(FunctionalAdminMixin, admin.ModelAdmin):
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name"]


class GroupInline(admin.TabularInline):
    model = Group
    extra = 0

    def has_view_permission(self, request, obj=None):
        return self.admin_site.has_permission(request)

    has_add_permission = has_change_permission = has_delete_permission = has_view_permission


@admin.register(Location)
class LocationAdmin(FunctionalAdminMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "lrk_number", "brin_number", "organisation", "district"]
    list_filter = ["kind", "district__municipality"]
    search_fields = ["name", "lrk_number", "brin_number"]
    inlines = [GroupInline]


@admin.register(CareProvider)
class CareProviderAdmin(FunctionalAdminMixin, admin.ModelAdmin):
    search_fields = ["name"]
    filter_horizontal = ["municipalities"]


@admin.register(YouthHealthService)
class YouthHealthServiceAdmin(FunctionalAdminMixin, admin.ModelAdmin):
    search_fields = ["name"]
    filter_horizontal = ["municipalities"]
