"""Two corrections to version 1 of the 2020 instruments, made before any answers exist:

- the pm'ers' professionalisation stem as appendix 3 table 4 prints it ("..."; section 3.2 has "…",
  and the appendix wins);
- answer options the report does not print (the middle steps of the agree and applies scales,
  "nooit" in the support question, "Geen" in the VVE question) are marked as reconstructed, as
  items are.

A version that already has answers is left as it is: it cannot be changed.
"""

from django.db import migrations

STEM_BEFORE = "Door de samenwerking met de jeugdhulpverlener…"
STEM_AFTER = "Door de samenwerking met de jeugdhulpverlener..."
# (question code prefix, option values the report does not print)
RECONSTRUCTED_OPTIONS = [
    ("satisfaction_", {"2", "3", "4"}),
    ("professionalisation_", {"2", "3", "4"}),
    ("factors_", {"2", "3", "4"}),
    ("support_", {"1"}),  # "nooit"
    ("vve_programme", {"1"}),  # "Geen"
]


def correct(apps, schema_editor):
    Questionnaire = apps.get_model("surveys", "Questionnaire")
    Section = apps.get_model("surveys", "Section")
    Question = apps.get_model("surveys", "Question")
    for questionnaire in Questionnaire.objects.filter(version=1, key__in=["pmer", "specialist", "youth_nurse"]):
        if questionnaire.responses.exists():
            continue
        Section.objects.filter(questionnaire=questionnaire, code="professionalisation", stem_nl=STEM_BEFORE).update(
            stem_nl=STEM_AFTER
        )
        for question in Question.objects.filter(questionnaire=questionnaire):
            values = next((v for prefix, v in RECONSTRUCTED_OPTIONS if question.code.startswith(prefix)), None)
            if not values or not question.options:
                continue
            question.options = [
                {**option, "reconstructed": True} if option["value"] in values else option
                for option in question.options
            ]
            question.save(update_fields=["options"])


class Migration(migrations.Migration):
    dependencies = [("surveys", "0002_instruments_2020")]
    operations = [migrations.RunPython(correct, migrations.RunPython.noop)]
