"""The three instruments of the 2020 research report as version 1 (data, not templates)."""

from django.db import migrations

from surveys.migrations._instruments_2020 import instruments


def load(apps, schema_editor):
    Questionnaire = apps.get_model("surveys", "Questionnaire")
    Section = apps.get_model("surveys", "Section")
    Scale = apps.get_model("surveys", "Scale")
    Question = apps.get_model("surveys", "Question")
    for spec in instruments():
        if Questionnaire.objects.filter(key=spec["key"], version=1).exists():
            continue
        questionnaire = Questionnaire.objects.create(
            key=spec["key"], version=1, respondent_group=spec["group"],
            title_nl=spec["title"][0], title_en=spec["title"][1], intro_nl=spec["intro"][0], intro_en=spec["intro"][1],
        )
        scales = {}
        for position, (code, nl, en, _now) in enumerate(spec["scales"], start=1):
            scales[code] = Scale.objects.create(
                questionnaire=questionnaire, code=code, label_nl=nl, label_en=en, position=position
            )
        for code, _nl, _en, now in spec["scales"]:
            if now:
                scales[code].before_of = scales[now]
                scales[code].save(update_fields=["before_of"])
        for s_pos, (code, title_nl, title_en, stem_nl, stem_en, reconstructed, items) in enumerate(
            spec["sections"], start=1
        ):
            section = Section.objects.create(
                questionnaire=questionnaire, position=s_pos, code=code, title_nl=title_nl, title_en=title_en,
                stem_nl=stem_nl, stem_en=stem_en, reconstructed=reconstructed and bool(stem_nl),
            )
            Question.objects.bulk_create([
                Question(
                    questionnaire=questionnaire, section=section, position=i, code=item["code"], kind=item["kind"],
                    text_nl=item["nl"], text_en=item["en"], options=item["options"], missing_option=item["missing"],
                    scale=scales.get(item["scale"]), reconstructed=item["reconstructed"], source=item["source"],
                )
                for i, item in enumerate(items, start=1)
            ])


def unload(apps, schema_editor):
    keys = [spec["key"] for spec in instruments()]
    for model in ("Question", "Section", "Scale", "Questionnaire"):
        field = "key" if model == "Questionnaire" else "questionnaire__key"
        filters = {f"{field}__in": keys}
        filters["version" if model == "Questionnaire" else "questionnaire__version"] = 1
        apps.get_model("surveys", model).objects.filter(**filters).delete()


class Migration(migrations.Migration):
    dependencies = [("surveys", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
