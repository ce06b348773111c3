"""Which languages a page may take from the browser.

LANGUAGES holds six because guardians get their pages, e-mails and PDFs in Dutch, English, Arabic,
Turkish, Polish and Ukrainian. The professionals' pages are translated into Dutch and English only:
a pm'er whose browser asks for Arabic would otherwise get a page half in Arabic, half in English.
The guardian's views choose her language themselves (consent.views), whatever is active here.
"""

from django.conf import settings
from django.utils import translation

PROFESSIONAL_LANGUAGES = ("nl", "en")


class ProfessionalLanguageMiddleware:
    """After LocaleMiddleware: a language outside nl/en falls back to the site's own (Dutch)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if translation.get_language() not in PROFESSIONAL_LANGUAGES:
            translation.activate(settings.LANGUAGE_CODE)
            request.LANGUAGE_CODE = settings.LANGUAGE_CODE
        return self.get_response(request)
