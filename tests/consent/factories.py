import datetime

import factory
from django.core.files.uploadedfile import SimpleUploadedFile

from consent.models import PaperConsent, PaperConsentScope
from consent.services import paper_consent_log
from tests.accounts.factories import UserFactory
from tests.children.factories import ChildFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf_upload(name="formulier.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


class PaperConsentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PaperConsent

    child = factory.SubFactory(ChildFactory)
    signed_by = "Anouk de Vries"
    relation = "mother"
    signed_on = factory.LazyFunction(lambda: datetime.date.today())  # noqa: DTZ011
    valid_until = factory.LazyAttribute(lambda o: o.signed_on + datetime.timedelta(days=365))
    scan = factory.LazyFunction(pdf_upload)
    recorded_by = factory.SubFactory(UserFactory)


def consent_for(child, purposes=("observation",), parties=("specialist", "youth_nurse"), **kwargs):
    consent = PaperConsentFactory(child=child, **kwargs)
    PaperConsentScope.objects.bulk_create(
        [PaperConsentScope(consent=consent, purpose=p, party=q) for p in purposes for q in parties])
    # The log, not the paper row, is what has_valid_consent reads.
    paper_consent_log(consent)
    return consent
