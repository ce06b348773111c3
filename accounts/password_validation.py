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


class ContextWordsValidator:
    """Refuses a password made of words anyone near the programme would try first (OWASP ASVS 6.1.2,
    6.2.11): the product's name, the roles, and the names of the municipalities, organisations and
    locations in the app. A password that mentions one in a longer sentence of her own is fine: what
    is left without those words, digits and punctuation must still be 10 letters or more."""

    def __init__(self, min_rest=10):
        self.min_rest = min_rest

    @staticmethod
    def context_words():
        from django.conf import settings

        from organisations.models import CareProvider, ChildcareOrganisation, Location, Municipality

        words = [w.lower() for w in settings.PASSWORD_CONTEXT_WORDS]
        for model in (Municipality, ChildcareOrganisation, Location, CareProvider):
            words += [name.lower() for name in model.objects.values_list("name", flat=True)]
        # Longest first, so "peuteropvang het palet" goes before "peuteropvang".
        return sorted({w for w in words if len(w) >= 4}, key=len, reverse=True)

    def validate(self, password, user=None):
        import re

        from django.core.exceptions import ValidationError

        rest = password.lower()
        found = False
        for word in self.context_words():
            if word in rest:
                found = True
                rest = rest.replace(word, " ")
        if found and len(re.sub(r"[^a-zà-ÿ]", "", rest)) < self.min_rest:
            raise ValidationError(self.get_error_message(), code="password_context_words")

    def get_error_message(self):
        return _("This password is mostly a name from the programme (Alert4you, a municipality, organisation, "
                 "location or role) and easy to guess. Make a sentence of your own.")

    def get_help_text(self):
        return _("Not mostly the name of the programme, a municipality, organisation, location or role.")
