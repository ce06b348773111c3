"""A functional administrator adds a language version or a new version of a consent text here,
without code. A text guardians signed is never edited in place: "Save as new" makes the next
version, and what was signed keeps pointing at the old one (and its sha256)."""

from django.contrib import admin

from alert4you.admin import FunctionalAdminMixin, is_functional_administrator

from .models import ConsentText


@admin.register(ConsentText)
class ConsentTextAdmin(FunctionalAdminMixin, admin.ModelAdmin):
    list_display = ["purpose", "setting", "language", "version", "title", "created_at"]
    list_filter = ["purpose", "setting", "language"]
    save_as = True

    def get_form(self, request, obj=None, **kwargs):
        # Left out of the form, a text is the childcare's (the model's default), as before schools took part.
        form = super().get_form(request, obj, **kwargs)
        form.base_fields["setting"].required = False
        return form

    def has_delete_permission(self, request, obj=None):
        return is_functional_administrator(request) and (obj is None or not obj.events.exists())
