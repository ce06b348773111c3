"""The item texts in the database (data migration) match the report's, typed out here from
appendices 2 and 3 of the research report (2020)."""

import pytest

from surveys.models import Question, QuestionKind, Questionnaire

pytestmark = pytest.mark.django_db

# Appendix 3, table 1
SATISFACTION = [
    "Ik voel me ondersteund door de begeleiding van de jeugdhulpverlener",
    "Ik voel me ondersteund door de begeleiding van de jeugdverpleegkundige (GGD, Ouder-kindteam)",
    "Ik vind dit een goede manier om me in mijn werk verder te ontwikkelen",
    "Ik ben tevreden over hoe het project loopt",
    "Dit project maakt verschil voor mijn werk",
]
# Appendix 3, table 4 ("Door de samenwerking met de jeugdhulpverlener...")
PROFESSIONALISATION_PMER = [
    "heb ik meer zelfvertrouwen bij de omgang met kinderen met opvallend gedrag",
    "heb ik meer zelfvertrouwen bij de omgang met ouders van deze kinderen",
    "heb ik geleerd te kijken wat werkt in mijn aanpak en wat niet en op basis daarvan mijn aanpak bij te stellen",
    "weet ik beter wanneer ik hulp moet inschakelen bij kinderen met problemen",
    "weet ik beter waar ik terecht kan voor hulp van kinderen met problemen",
    "weet ik beter wat ik wil leren om mijn werk goed te kunnen doen",
    "durf ik eerder nieuwe dingen uit te proberen om te kijken of die werken",
]
# Appendix 3, table 5 ("Wat draagt eraan bij dat deze aanpak werkt?")
FACTORS_PMER = [
    "dat er een vaste jeugdhulpverlener aan onze instelling verbonden is",
    "dat we de jeugdhulpverlener op elk gewenst moment kunnen inroepen",
    "dat de jeugdhulpverlener standaard een paar keer per jaar langskomt",
    "de aanwezigheid van organisaties en instellingen in de buurt, waar je ouders naar kunt verwijzen",
    "goede samenwerking met collega’s binnen onze eigen organisatie",
    "goed professionaliseringsbeleid in onze organisatie",
    "we zijn gewend om feedback op elkaars werk te geven",
    "de aanwezigheid van een pedagogisch coach of ve-specialist in onze instelling",
    "het trainingsaanbod dat door de gemeente wordt aangeboden",
]
# Appendix 2, table 2 ("Door de professionalisering die ze krijgen...")
PROFESSIONALISATION_SPECIALIST = [
    "hebben pm’ers meer zelfvertrouwen bij de omgang met kinderen met problemen",
    "hebben pm’ers meer zelfvertrouwen bij de omgang met ouders van deze kinderen",
    "hebben pm’ers geleerd te kijken wat werkt in hun aanpak en wat niet en op basis daarvan hun aanpak bij te stellen",
    "weten pm’ers beter wanneer ze hulp moeten inschakelen bij kinderen met problemen",
    "weten pm’ers beter waar ze terecht kunnen voor hulp van kinderen met problemen",
    "weten pm’ers beter wat ze willen leren om hun werk goed te kunnen doen",
    "durven pm’ers eerder nieuwe dingen uit te proberen om te kijken of die werken",
]
# Appendix 2, table 3; for the nurses "jeugdhulpverlener" became "jeugdverpleegkundige" (section 3.2).
FACTORS_NURSE = [
    "Dat de jeugdverpleegkundige vast aan een kinderopvanginstelling verbonden is",
    "Dat pm’ers de specialistische hulp op elk gewenst moment kunnen inroepen",
    "Dat ik als jeugdverpleegkundige een bekend gezicht ben voor de kinderopvanglocaties",
    "De aanwezigheid van organisaties en instellingen in de buurt, waar men bv. ouders naar kan verwijzen",
    "Goede samenwerking in de kinderopvanginstelling",
    "Goed professionaliseringsbeleid in de kinderopvanginstelling",
    "Als men binnen de kinderopvanginstelling gewend is om feedback op elkaars werk te geven",
    "De aanwezigheid van een pedagogisch coach of ve-specialist in de kinderopvanginstelling",
    "Het trainingsaanbod dat door de gemeente wordt aangeboden",
]
FACTORS_SPECIALIST = [
    "Dat de jeugdhulpverlener vast aan een kinderopvanginstelling verbonden is",
    *FACTORS_NURSE[1:2],
    "Dat ik als jeugdhulpverlener een bekend gezicht ben voor de kinderopvanglocaties",
    *FACTORS_NURSE[3:],
]
# Section 3.2 (competence stem for specialists and nurses) and appendix 2 (its three answers).
GROWTH_STEM = ("Zijn de pm’ers waar je mee werkt in het project gegroeid op deze competentie, sinds het begin van "
               "de aanpak?")
GROWTH_ANSWERS = [
    "Er is geen of weinig ontwikkeling van deze competentie bij de pm’ers",
    "Bij sommige pm’ers is er ontwikkeling, bij andere niet",
    "Er is een duidelijke ontwikkeling van deze competentie bij de pm’ers",
]


def texts(key, scale):
    return list(
        Question.objects.filter(questionnaire__key=key, questionnaire__version=1, scale__code=scale)
        .order_by("position").values_list("text_nl", flat=True)
    )


def test_the_three_instruments_exist_as_version_1():
    assert set(Questionnaire.objects.filter(version=1).values_list("key", "respondent_group")) == {
        ("pmer", "childcare_worker"), ("specialist", "specialist"), ("youth_nurse", "youth_nurse"),
    }


def test_pmer_item_texts_match_the_report():
    assert texts("pmer", "satisfaction") == SATISFACTION
    assert texts("pmer", "professionalisation") == PROFESSIONALISATION_PMER
    assert texts("pmer", "factors") == FACTORS_PMER


def test_specialist_and_nurse_item_texts_match_the_report():
    for key in ("specialist", "youth_nurse"):
        assert texts(key, "professionalisation") == PROFESSIONALISATION_SPECIALIST
    assert texts("specialist", "factors") == FACTORS_SPECIALIST
    assert texts("youth_nurse", "factors") == FACTORS_NURSE
    growth = Question.objects.filter(questionnaire__key="specialist", scale__code="competence_growth").first()
    assert growth.section.stem_nl == GROWTH_STEM
    assert [o["nl"] for o in growth.options] == GROWTH_ANSWERS


def test_scales_answer_options_and_missing_codes_are_as_in_the_report():
    prof = Question.objects.filter(questionnaire__key="pmer", scale__code="professionalisation").first()
    assert prof.options[0]["nl"] == "helemaal niet van toepassing" and prof.options[-1]["nl"] == "sterk van toepassing"
    assert prof.missing_option == "dont_know"
    factor = Question.objects.filter(questionnaire__key="pmer", scale__code="factors").first()
    assert factor.options[0]["nl"] == "helemaal mee oneens" and factor.missing_option == "not_applicable"
    before = Question.objects.filter(questionnaire__key="pmer", scale__code="competence_before")
    assert before.count() == 4
    assert before.first().options[0]["nl"] == "sta aan het begin van ontwikkeling"
    assert before.first().scale.before_of.code == "competence_now"


def test_items_written_from_a_label_are_flagged_as_reconstructed():
    pmer = Question.objects.filter(questionnaire__key="pmer")
    verbatim = set(pmer.filter(reconstructed=False).values_list("scale__code", flat=True))
    assert verbatim == {"satisfaction", "professionalisation", "factors", None}  # None: "In welke gemeente werk je?"
    assert pmer.get(code="municipality").reconstructed is False
    for code in ("years_with_alert4you", "competence_before_1", "competence_now_4", "contribution_2",
                 "contact_walk_in", "open_remarks"):
        assert pmer.get(code=code).reconstructed is True
    assert not Question.objects.filter(questionnaire__key="specialist", kind=QuestionKind.TEXT,
                                       reconstructed=False).exists()


def test_every_item_has_an_english_translation():
    assert not Question.objects.filter(text_en="").exists()
