"""The item texts in the database (data migration) match the report's, typed out here from
appendices 2 and 3 of the research report (2020)."""

import pytest

from surveys.models import Question, QuestionKind, Questionnaire, Section

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


# Section 3.2, "Kerncompetenties": the four core competences, in this order.
COMPETENCES = [
    "Kennis van de kinderlijke ontwikkeling",
    "Omgaan met opvallend gedrag",
    "Hulp/expertise van buiten inroepen als dat nodig is",
    "Omgang met ouders",
]
# Section 3.2: the pm'ers' question on the core competences, verbatim.
PMER_COMPETENCE_STEM = (
    "In de volgende vragen gaan we in op de vraag of je vindt dat de samenwerking met de jeugdhulpverleners je "
    "verder heeft gebracht in het ontwikkelen van deze kerncompetenties. Kun je bijvoorbeeld beter reageren op "
    "bepaalde situaties of voel je je zekerder in de omgang met ouders van kinderen met opvallend gedrag? We nemen "
    "steeds een kerncompetentie onder de loep en vragen je aan te geven hoe je jezelf beoordeelt: VOOR en NA de "
    "samenwerking in het kader van Alert4you. NA kun je ook opvatten als NU/op dit moment."
)
# Section 3.2, "Achtergrondkenmerken", asked in all three questionnaires.
YEARS = ["minder dan een jaar", "1 tot en met 2 jaar", "3 tot en met 5 jaar", "meer dan 5 jaar"]
# Appendix 1: the answer options of the pm'ers' background questions (tables 1 to 8).
BACKGROUND_OPTIONS = {
    "municipality": ["Amsterdam", "Amersfoort", "Hoogeveen"],  # table 1
    "education": [  # table 2 (the report drops the closing brackets of the first four)
        "Sociaal Pedagogisch Werker (SPW3, beroepsbegeleidende leerweg)",
        "Sociaal Pedagogisch Werker (SPW3, beroepsopleidende leerweg)",
        "Sociaal Pedagogisch Werker (SPW4, beroepsbegeleidende leerweg)",
        "Sociaal Pedagogisch Werker (SPW4, beroepsopleidende leerweg)",
        "Leidster Kindcentra (LKC)",
        "Sociaal Pedagogische Hulpverlening (SPH)",
        "Pedagogische Academie voor het Basisonderwijs (pabo)",
        "Pedagogiek of psychologie (hbo)",
        "Anders",
    ],
    "vve_programme": [  # table 3, after "Geen" (16 answered that they were not trained in one)
        "Geen", "Kaleidoscoop", "Piramide", "Startblokken/basisontwikkeling", "Puk & Ko/Uk & Puk",
        "Vve-basistraining", "ander programma, namelijk...",
    ],
    "additional_training": [  # table 4
        "gesprekstechnieken met ouders", "in de omgang met baby’s", "in de omgang met peuters",
        "over de ontwikkeling van kinderen", "in de omgang met moeilijke kinderen", "in spelactiviteiten met kinderen",
        "op het gebied van interactievaardigheden", "in muziek en dans met kinderen",
        "ter verbetering van mijn taalvaardigheid", "anders",
    ],
    "hours_per_week": ["8 t/m 16 uur", "17 t/m 24 uur", "25 t/m 32 uur", "33 t/m 38 uur", "meer dan 38 uur"],  # 6
    "age_groups": ["0 jaar", "1 jaar", "2 jaar", "3 jaar", "4 jaar of meer"],  # table 7
    "group_kind": ["een reguliere kinderopvanggroep", "een vve-groep", "anders"],  # table 8
}
# Appendix 1 table 5: who gives support, and how often ("nooit" added so that everyone can answer).
SUPPORT_FROM = ["Leidinggevende", "Collega", "vve-specialist", "Hbo- of wo-opgeleide pedagoog of psycholoog", "anders"]
SUPPORT_HOW_OFTEN = ["nooit", "een of enkele keren per jaar", "maandelijks", "wekelijks", "dagelijks"]
# Appendix 3 table 3: Alert4you's contribution per competence.
CONTRIBUTION_OPTIONS = ["Nee", "Weet niet", "Ja"]
# Appendix 3, "Competentieontwikkeling": the ends of the development line.
DEVELOPMENT_ENDS = ("sta aan het begin van ontwikkeling", "is volledig ontwikkeld")
# Section 3.2 and appendices 2 and 3: the ends of the other scales.
APPLIES_ENDS = ("helemaal niet van toepassing", "sterk van toepassing")
AGREE_ENDS = ("helemaal mee oneens", "helemaal mee eens")
# The stems: appendix 3 table 5, appendix 2 table 2 and table 3.
STEMS = {
    ("pmer", "professionalisation"): "Door de samenwerking met de jeugdhulpverlener...",  # appendix 3 table 4
    ("pmer", "factors"): "Wat draagt eraan bij dat deze aanpak werkt?",
    ("specialist", "professionalisation"): "Door de professionalisering die ze krijgen...",
    ("specialist", "factors"): "Welke omstandigheden of factoren in de kinderopvanginstellingen dragen eraan bij dat "
                               "deze aanpak werkt?",
}


def options_nl(key, code):
    return [o["nl"] for o in Question.objects.get(questionnaire__key=key, questionnaire__version=1, code=code).options]


def test_pmer_competence_items_follow_section_3_2_and_appendix_3():
    pmer = Question.objects.filter(questionnaire__key="pmer", questionnaire__version=1)
    before = list(pmer.filter(scale__code="competence_before").order_by("position"))
    now = list(pmer.filter(scale__code="competence_now").order_by("position"))
    assert [q.text_nl for q in before] == [f"{c} — VOOR" for c in COMPETENCES]
    assert [q.text_nl for q in now] == [f"{c} — NU" for c in COMPETENCES]
    assert before[0].section.stem_nl == PMER_COMPETENCE_STEM
    for question in before + now:
        assert (question.options[0]["nl"], question.options[-1]["nl"]) == DEVELOPMENT_ENDS
        assert [o["value"] for o in question.options] == ["1", "2", "3", "4", "5"]
    for i in range(1, 5):
        assert options_nl("pmer", f"contribution_{i}") == CONTRIBUTION_OPTIONS
        assert pmer.get(code=f"contribution_{i}_why").kind == QuestionKind.TEXT


def test_pmer_background_options_match_appendix_1():
    for code, expected in BACKGROUND_OPTIONS.items():
        assert options_nl("pmer", code) == expected, code
    support = Question.objects.filter(questionnaire__key="pmer", questionnaire__version=1,
                                      code__startswith="support_").order_by("position")
    assert [q.text_nl for q in support] == SUPPORT_FROM
    assert all([o["nl"] for o in q.options] == SUPPORT_HOW_OFTEN for q in support)


def test_years_with_alert4you_is_asked_in_all_three_with_the_report_s_options():
    for key in ("pmer", "specialist", "youth_nurse"):
        assert options_nl(key, "years_with_alert4you") == YEARS


def test_specialists_and_nurses_rate_the_same_four_competences_on_three_points():
    for key in ("specialist", "youth_nurse"):
        growth = Question.objects.filter(questionnaire__key=key, questionnaire__version=1,
                                         scale__code="competence_growth").order_by("position")
        assert [q.text_nl for q in growth] == COMPETENCES
        assert all([o["nl"] for o in q.options] == GROWTH_ANSWERS for q in growth)


def test_scale_ends_and_stems_are_the_report_s():
    for key in ("pmer", "specialist", "youth_nurse"):
        for question in Question.objects.filter(questionnaire__key=key, scale__code="professionalisation"):
            assert (question.options[0]["nl"], question.options[-1]["nl"]) == APPLIES_ENDS
            assert question.missing_option == "dont_know"
        for question in Question.objects.filter(questionnaire__key=key, scale__code__in=["factors", "satisfaction"]):
            assert (question.options[0]["nl"], question.options[-1]["nl"]) == AGREE_ENDS
    for (key, code), stem in STEMS.items():
        assert Section.objects.get(questionnaire__key=key, questionnaire__version=1, code=code).stem_nl == stem
    nurse_stem = Section.objects.get(questionnaire__key="youth_nurse", questionnaire__version=1, code="factors")
    assert nurse_stem.stem_nl == STEMS[("specialist", "factors")]


def test_the_appendix_wins_over_section_3_2():
    # Section 3.2 quotes "Dat ik als jeugdhulpverlener standaard een paar keer per jaar langskom" as an
    # example; appendix 2 table 3 prints "... een bekend gezicht ben ...".
    texts_nl = set(Question.objects.filter(questionnaire__key="specialist").values_list("text_nl", flat=True))
    assert "Dat ik als jeugdhulpverlener een bekend gezicht ben voor de kinderopvanglocaties" in texts_nl
    assert not any("langskom" in text for text in texts_nl)


def test_specialists_and_nurses_get_the_four_open_questions_of_section_3_2():
    for key in ("specialist", "youth_nurse"):
        open_items = Question.objects.filter(questionnaire__key=key, questionnaire__version=1, kind=QuestionKind.TEXT)
        assert set(open_items.values_list("code", flat=True)) == {
            "open_context", "open_obstacles", "open_unexpected", "open_future_role"}
        assert all(q.reconstructed and q.source.startswith("par. 3.2") for q in open_items)


def test_pmer_contact_question_behind_table_4_2_is_reconstructed():
    contact = Question.objects.filter(questionnaire__key="pmer", questionnaire__version=1,
                                      code__startswith="contact_").order_by("position")
    assert [q.text_nl for q in contact] == ["In een groepsbezoek", "Op afroep", "In een inloopspreekuur"]
    assert all(q.reconstructed and [o["nl"] for o in q.options] == ["nee", "ja"] for q in contact)


# The only answer labels the report prints; every other label is marked as reconstructed.
PRINTED_OPTION_LABELS = {
    "satisfaction": set(AGREE_ENDS), "factors": set(AGREE_ENDS), "professionalisation": set(APPLIES_ENDS),
}


def test_answer_labels_the_report_does_not_print_are_marked_reconstructed():
    for key in ("pmer", "specialist", "youth_nurse"):
        for question in Question.objects.filter(questionnaire__key=key, questionnaire__version=1,
                                                scale__code__in=PRINTED_OPTION_LABELS):
            printed = PRINTED_OPTION_LABELS[question.scale.code]
            for option in question.options:
                assert option.get("reconstructed", False) is (option["nl"] not in printed), (question.code, option)
    never = Question.objects.get(questionnaire__key="pmer", questionnaire__version=1, code="support_1").options[0]
    assert never["nl"] == "nooit" and never["reconstructed"] is True
    none = Question.objects.get(questionnaire__key="pmer", questionnaire__version=1, code="vve_programme").options[0]
    assert none["nl"] == "Geen" and none["reconstructed"] is True
    table_5 = Question.objects.get(questionnaire__key="pmer", questionnaire__version=1, code="support_1").options[1]
    assert "reconstructed" not in table_5
