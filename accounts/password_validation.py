"""The password rules (settings.AUTH_PASSWORD_VALIDATORS) in our own words.

Django's checks, with messages of our own: Django 5.2 changed the msgids of its rules and its
Dutch catalog has not caught up, so "This password is too short…" showed in English in the Dutch
app; the translations it does have say "u", where the app says "je".
"""

from django.contrib.auth import password_validation as django_rules
from django.utils.translation import gettext as _


class MinimumLengthValidator(django_rules.MinimumLengthValidator):
    # One form for any number: the minimum is 12, never one.
    def get_error_message(self):
        return _("This password is too short: use at least %(min_length)d characters.") % {
            "min_length": self.min_length}

    def get_help_text(self):
        return _("At least %(min_length)d characters; a few words in a sentence of your own work well.") % {
            "min_length": self.min_length}


class UserAttributeSimilarityValidator(django_rules.UserAttributeSimilarityValidator):
    def get_error_message(self):
        # %(verbose_name)s is filled in by the check: "voornaam", "e-mailadres", ...
        return _("This password is too much like your %(verbose_name)s.")

    def get_help_text(self):
        return _("Not like your name, username or e-mail address.")


class CommonPasswordValidator(django_rules.CommonPasswordValidator):
    def get_error_message(self):
        return _("Many people use this password, so it is easy to guess. Choose another one.")

    def get_help_text(self):
        return _("Not a password many people use.")


class NumericPasswordValidator(django_rules.NumericPasswordValidator):
    def get_error_message(self):
        return _("This password consists of digits only. Add a few words.")

    def get_help_text(self):
        return _("Not digits only.")
