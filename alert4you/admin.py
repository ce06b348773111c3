"""The admin is the functional administrator's tool for organisations, users and memberships.

Access comes from a functional-administrator membership, not from Django's staff flags, so that
all access rules live in memberships. Child data is never registered here: it has no audit
trail in the admin.
"""

import logging
from functools import wraps

from django.contrib import admin, messages
from django.contrib.admin.options import TO_FIELD_VAR
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.http import HttpResponseRedirect, QueryDict
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import Role
from accounts.selectors import has_role

logger = logging.getLogger(__name__)


def is_functional_administrator(request) -> bool:
    user = request.user
    return (user.is_active and user.is_authenticated and user.is_verified()
            and has_role(user, Role.FUNCTIONAL_ADMINISTRATOR))


class Alert4youAdminSite(admin.AdminSite):
    site_header = "Alert4you"
    site_title = "Alert4you"

    def has_permission(self, request):
        return is_functional_administrator(request)

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        @wraps(inner)
        def without_empty_to_field(request, *args, **kwargs):
            # Django's change and delete views read "?_to_field=" (empty) as a field called "":
            # FieldDoesNotExist, a server error, on every model (ours and the libraries'). Empty
            # means the primary key, as when the parameter is absent.
            for name in ("GET", "POST"):
                query = getattr(request, name)
                if query.get(TO_FIELD_VAR) == "":
                    query = query.copy()
                    del query[TO_FIELD_VAR]
                    setattr(request, name, query)
            return inner(request, *args, **kwargs)

        return without_empty_to_field

    def autocomplete_view(self, request):
        # PostgreSQL refuses a NUL character in a search (a server error); no name holds one.
        if "\x00" in request.GET.get("term", ""):
            request.GET = request.GET.copy()
            request.GET["term"] = request.GET["term"].replace("\x00", "")
        return super().autocomplete_view(request)

    def login(self, request, extra_context=None):
        """One login for the whole app, with its second factor and throttling: never the admin's own form."""
        if not request.user.is_authenticated:
            return redirect_to_login(request.GET.get("next", reverse("admin:index")))
        if not request.user.is_verified():
            return redirect_to_login(request.GET.get("next", reverse("admin:index")), reverse("second_factor_verify"))
        return super().login(request, extra_context)


class _TolerantAutocomplete:
    """An autocomplete that draws a form again even when it holds a value that is no id.

    Django's widget looks the chosen values up to show them (``pk__in=["x"]``), which raises a
    ValueError for a tampered or garbled value while the form is drawn again with its own message
    "Selecteer een geldige keuze": a server error instead of that message.
    """

    def optgroups(self, name, value, attr=None):
        field = self.field.remote_field.model._meta.get_field(self.field.remote_field.field_name)
        readable = []
        for item in value:
            try:
                field.to_python(item)
            except (ValidationError, TypeError, ValueError):
                continue
            readable.append(item)
        return super().optgroups(name, readable, attr)


class TolerantAutocompleteSelect(_TolerantAutocomplete, AutocompleteSelect):
    pass


class TolerantAutocompleteSelectMultiple(_TolerantAutocomplete, AutocompleteSelectMultiple):
    pass


class TolerantAutocompleteMixin:
    """For a ModelAdmin or inline with autocomplete_fields: the tolerant widgets above."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = TolerantAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = TolerantAutocompleteSelectMultiple(db_field, self.admin_site,
                                                                  using=kwargs.get("using"))
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class FunctionalAdminMixin(TolerantAutocompleteMixin):
    def changelist_view(self, request, extra_context=None):
        # PostgreSQL refuses a NUL character in any string (a ValueError, a server error, for a list
        # filter such as ?kind__exact=%00). No real value holds one: drop those and say so.
        if any("\x00" in key or any("\x00" in value for value in values) for key, values in request.GET.lists()):
            kept = QueryDict(mutable=True)
            for key, values in request.GET.lists():
                if "\x00" not in key:
                    kept.setlist(key, [value for value in values if "\x00" not in value])
            messages.warning(request, _("A filter held a character that cannot be searched for; it was left out."))
            return HttpResponseRedirect(f"{request.path}?{kept.urlencode()}" if kept else request.path)
        if self.date_hierarchy and not self._date_drill_down_readable(request.GET):
            # Django turns ?at__year=99999999999999999999 into a date it cannot make (OverflowError).
            kept = request.GET.copy()
            for part in ("year", "month", "day"):
                kept.pop(f"{self.date_hierarchy}__{part}", None)
            messages.warning(request, _("That date does not exist; the whole period is shown."))
            return HttpResponseRedirect(f"{request.path}?{kept.urlencode()}" if kept else request.path)
        return super().changelist_view(request, extra_context)

    def _date_drill_down_readable(self, query) -> bool:
        limits = {"year": (1, 9999), "month": (1, 12), "day": (1, 31)}
        for part, (low, high) in limits.items():
            value = query.get(f"{self.date_hierarchy}__{part}")
            if value is None:
                continue
            if not (value.isascii() and value.isdigit() and len(value) <= 4 and low <= int(value) <= high):
                return False
        return True

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except IntegrityError:
            # The database refused what the forms let through (a garbled post, a rule only the
            # database checks). Django's view runs in a transaction, so nothing was saved: say so on
            # the page she came from instead of a server error.
            logger.warning("Admin save refused by the database: %s", request.path, exc_info=True)
            messages.error(request, _("Not saved: the database refused this change, so nothing was changed. "
                                      "Reload the page and make the change again."))
            return HttpResponseRedirect(request.get_full_path())

    def has_module_permission(self, request):
        return is_functional_administrator(request)

    def has_view_permission(self, request, obj=None):
        return is_functional_administrator(request)

    has_add_permission = has_change_permission = has_delete_permission = has_view_permission
