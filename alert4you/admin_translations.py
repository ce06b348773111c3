"""Words Django 5.2's admin shows that its Dutch catalog does not have yet, for our catalog.

Listed here so that makemessages puts them in locale/nl, whose Dutch Django then uses for the
admin too (a screen reader read "Model name", "Add link" in English). Nothing imports this module.
"""

from django.utils.translation import gettext_noop

ADMIN_STRINGS = [
    gettext_noop("Model name"),
    gettext_noop("Add link"),
    gettext_noop("Change or view list link"),
    gettext_noop("Error:"),
    gettext_noop("Filter"),
    gettext_noop("After you’ve created a user, you’ll be able to edit more user options."),
    gettext_noop("In case you’ve forgotten, you are:"),
    gettext_noop("Forgotten your login credentials?"),
]
