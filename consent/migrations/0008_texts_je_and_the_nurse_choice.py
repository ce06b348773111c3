"""A new version of the consent texts: "je" like every other guardian page (version 1 said "u"),
and the youth nurse as a choice the page really offers where the municipality works with one
(version 1 promised a choice the form did not have). Signed texts never change: these are new
rows, and only where the newest text is still the one shipped as version 1 (a functional
administrator's own revision wins)."""

import importlib

from django.db import migrations

TEXTS = {
    "observation": {
        "nl": ("Observatie van je kind en advies",
               "Een specialist jeugdhulp komt op de opvang kijken hoe het met je kind gaat. Zij praat met de "
               "pedagogisch medewerker en geeft advies over wat je kind helpt. Alleen de specialist ziet de "
               "naam en gegevens van je kind. Werkt je gemeente met een jeugdverpleegkundige, dan kies je "
               "hieronder zelf of zij die ook mag zien. Je kunt je toestemming altijd intrekken via je link; "
               "dan stopt alles meteen."),
        "en": ("Observation of your child and advice",
               "A youth-care specialist visits the childcare to see how your child is doing. She talks with the "
               "childcare worker and gives advice on what helps your child. Only the specialist sees your "
               "child's name and details. Where your municipality works with a youth nurse, you choose below "
               "whether she may see them too. You can withdraw your consent at any time through your link; "
               "then everything stops at once."),
    },
    "referral": {
        "nl": ("Doorverwijzing naar verdere hulp",
               "Je kind wordt doorverwezen naar verdere hulp. De hulpverlener krijgt de naam van je kind en de "
               "vraag. Elke ouder met gezag beslist hier zelf over, ieder via een eigen link. Je kunt je "
               "toestemming altijd intrekken."),
        "en": ("Referral to further help",
               "Your child is referred to further help. The helper receives your child's name and the question. "
               "Every parent with authority decides on this, each through their own link. You can withdraw "
               "your consent at any time."),
    },
    "handover": {
        "nl": ("Overdracht naar de basisschool",
               "De opvang geeft de basisschool een overdracht: wat je kind helpt en welk advies werkte. Elke "
               "ouder met gezag beslist hier zelf over, ieder via een eigen link. Je kunt je toestemming altijd "
               "intrekken."),
        "en": ("Handover to primary school",
               "The childcare gives the primary school a handover: what helps your child and which advice "
               "worked. Every parent with authority decides on this, each through their own link. You can "
               "withdraw your consent at any time."),
    },
}


def forwards(apps, schema_editor):
    ConsentText = apps.get_model("consent", "ConsentText")
    shipped = importlib.import_module("consent.migrations.0003_paper_consent_onto_log").TEXTS
    for purpose, languages in TEXTS.items():
        for language, (title, body) in languages.items():
            newest = ConsentText.objects.filter(purpose=purpose, language=language).order_by("-version").first()
            if newest is None or (newest.title, newest.body) != shipped[purpose][language]:
                continue
            ConsentText.objects.create(purpose=purpose, version=newest.version + 1, language=language,
                                       title=title, body=body)


class Migration(migrations.Migration):
    dependencies = [("consent", "0007_events_append_only")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
