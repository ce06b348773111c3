"""A functional administrator adds a language version or a new version of a consent text here,
without code. A text guardians signed is never edited in place: "Save as new" makes the next
version, and what was signed keeps pointing at the old one (and its sha256)."""

from django.contrib import admin

from .models import ConsentText


@admin.register(ConsentText)
class ConsentTextAdmin(admin.ModelAdmin):
    list_display = ["purpose", "language", "version", "title", "created_at"]
    list_filter = ["purpose", "language"]
    save_as = True

    def has_delete_permission(self, request, obj=None):
        return obj is None or not obj.events.exists()
