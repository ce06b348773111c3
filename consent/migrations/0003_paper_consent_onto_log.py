"""Paper consents recorded before the event log become log entries: a consent per scope, the
signature as a "given" event and, where it was withdrawn, a "withdrawn" event. Plus the first
version of each consent text in Dutch and English, which a functional administrator can revise
(as a new version) or translate in the admin."""

import datetime

from django.db import migrations

TEXTS = {
    "observation": {
        "nl": ("Observatie van uw kind en advies",
               "Een specialist jeugdhulp komt op de opvang kijken hoe het met uw kind gaat. Zij praat "
               "met de pedagogisch medewerker en geeft advies over wat uw kind helpt. Alleen de "
               "specialist (en de jeugdverpleegkundige als u dat ook kiest) ziet de naam en gegevens "
               "van uw kind. Uw toestemming geldt een jaar. U kunt haar altijd intrekken via uw link; "
               "dan stopt alles meteen."),
        "en": ("Observation of your child and advice",
               "A youth-care specialist visits the childcare to see how your child is doing. She talks "
               "with the childcare worker and gives advice on what helps your child. Only the specialist "
               "(and the youth nurse if you choose that too) sees your child's name and details. Your "
               "consent lasts one year. You can withdraw it at any time through your link; then "
               "everything stops at once."),
    },
    "referral": {
        "nl": ("Doorverwijzing naar verdere hulp",
               "Uw kind wordt doorverwezen naar verdere hulp. De hulpverlener krijgt de naam van uw kind "
               "en de vraag. Beide ouders met gezag moeten hiervoor tekenen. U kunt altijd intrekken."),
        "en": ("Referral to further help",
               "Your child is referred to further help. The helper receives your child's name and the "
               "question. Every parent with authority must sign for this. You can withdraw at any time."),
    },
    "handover": {
        "nl": ("Overdracht naar de basisschool",
               "De opvang geeft de basisschool een overdracht: wat uw kind helpt en welk advies werkte. "
               "Beide ouders met gezag moeten hiervoor tekenen. U kunt altijd intrekken."),
        "en": ("Handover to primary school",
               "The childcare gives the primary school a handover: what helps your child and which advice "
               "worked. Every parent with authority must sign for this. You can withdraw at any time."),
    },
}


def forwards(apps, schema_editor):
    PaperConsent = apps.get_model("consent", "PaperConsent")
    Consent = apps.get_model("consent", "Consent")
    ConsentEvent = apps.get_model("consent", "ConsentEvent")
    ConsentText = apps.get_model("consent", "ConsentText")
    for purpose, languages in TEXTS.items():
        for language, (title, body) in languages.items():
            ConsentText.objects.get_or_create(purpose=purpose, version=1, language=language,
                                              defaults={"title": title, "body": body})
    for paper in PaperConsent.objects.prefetch_related("scopes"):
        signed_at = datetime.datetime.combine(paper.signed_on, datetime.time(12), tzinfo=datetime.UTC)
        for scope in paper.scopes.all():
            consent = Consent.objects.create(child_id=paper.child_id, purpose=scope.purpose, party=scope.party,
                                             signers_required=1, channel="paper", paper=paper)
            ConsentEvent.objects.create(
                consent=consent, kind="given", at=signed_at, channel="paper", signer_name=paper.signed_by,
                signer_relation=paper.relation, signer_key=f"name:{paper.signed_by.strip().lower()}",
                other_guardian_agrees=paper.other_guardian_agrees, valid_until=paper.valid_until,
                recorded_by_id=paper.recorded_by_id)
            if paper.withdrawn_at:
                ConsentEvent.objects.create(consent=consent, kind="withdrawn", at=paper.withdrawn_at,
                                            channel="paper", recorded_by_id=paper.recorded_by_id)


class Migration(migrations.Migration):
    dependencies = [("consent", "0002_event_log")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
