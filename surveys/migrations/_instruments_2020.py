"""The three instruments of the research report "Alert4you" (2020), frozen for the data migration.

Verbatim Dutch where the report gives the text (the appendix wins where section 3.2 words an
item differently); `reconstructed=True` where the report gives only a label or a topic and the
item was written from it. The leading underscore keeps Django's migration loader away; only
migration 0002 imports this module, so it must never change once released.
"""

R = "reconstructed"

# Section 3.2; the labels of appendix 2 table 1 ("Hulp vragen", "Omgaan met ouders van kinderen
# met opvallend gedrag") are abbreviations in a table, not an item's wording.
COMPETENCES = [
    ("Kennis van de kinderlijke ontwikkeling", "Knowledge of child development"),
    ("Omgaan met opvallend gedrag", "Dealing with striking behaviour"),
    ("Hulp/expertise van buiten inroepen als dat nodig is", "Calling in outside help or expertise when needed"),
    ("Omgang met ouders", "Dealing with parents"),
]

AGREE_5 = [
    {"value": "1", "nl": "helemaal mee oneens", "en": "strongly disagree"},
    {"value": "2", "nl": "mee oneens", "en": "disagree"},
    {"value": "3", "nl": "neutraal", "en": "neutral"},
    {"value": "4", "nl": "mee eens", "en": "agree"},
    {"value": "5", "nl": "helemaal mee eens", "en": "strongly agree"},
]
APPLIES_5 = [
    {"value": "1", "nl": "helemaal niet van toepassing", "en": "does not apply at all"},
    {"value": "2", "nl": "niet van toepassing", "en": "does not apply"},
    {"value": "3", "nl": "enigszins van toepassing", "en": "applies somewhat"},
    {"value": "4", "nl": "van toepassing", "en": "applies"},
    {"value": "5", "nl": "sterk van toepassing", "en": "strongly applies"},
]
DEVELOPMENT_5 = [
    {"value": "1", "nl": "sta aan het begin van ontwikkeling", "en": "at the start of development"},
    {"value": "2", "nl": "2", "en": "2"},
    {"value": "3", "nl": "3", "en": "3"},
    {"value": "4", "nl": "4", "en": "4"},
    {"value": "5", "nl": "is volledig ontwikkeld", "en": "fully developed"},
]
GROWTH_3 = [  # appendix 2, under table 1
    {"value": "1", "nl": "Er is geen of weinig ontwikkeling van deze competentie bij de pm’ers",
     "en": "There is no or little development of this competence among the childcare workers"},
    {"value": "2", "nl": "Bij sommige pm’ers is er ontwikkeling, bij andere niet",
     "en": "Some childcare workers have developed, others have not"},
    {"value": "3", "nl": "Er is een duidelijke ontwikkeling van deze competentie bij de pm’ers",
     "en": "There is a clear development of this competence among the childcare workers"},
]
NO_DONTKNOW_YES = [
    {"value": "no", "nl": "Nee", "en": "No"},
    {"value": "dont_know", "nl": "Weet niet", "en": "Don't know"},
    {"value": "yes", "nl": "Ja", "en": "Yes"},
]
NO_YES = [{"value": "no", "nl": "nee", "en": "no"}, {"value": "yes", "nl": "ja", "en": "yes"}]
YEARS = [  # section 3.2, "Achtergrondkenmerken"
    {"value": "lt1", "nl": "minder dan een jaar", "en": "less than a year"},
    {"value": "1-2", "nl": "1 tot en met 2 jaar", "en": "1 to 2 years"},
    {"value": "3-5", "nl": "3 tot en met 5 jaar", "en": "3 to 5 years"},
    {"value": "gt5", "nl": "meer dan 5 jaar", "en": "more than 5 years"},
]
MUNICIPALITIES = [{"value": name, "nl": name, "en": name} for name in ("Amsterdam", "Amersfoort", "Hoogeveen")]


def opts(*pairs):
    return [{"value": str(i), "nl": nl, "en": en} for i, (nl, en) in enumerate(pairs, start=1)]


def q(code, nl, en, kind, options=None, missing="", scale=None, reconstructed=False, source=""):
    return {"code": code, "nl": nl, "en": en, "kind": kind, "options": options or [], "missing": missing,
            "scale": scale, "reconstructed": reconstructed, "source": source}


# --- pm'ers ------------------------------------------------------------------------------------

SATISFACTION = [  # appendix 3 table 1 (= table 4.3)
    ("Ik voel me ondersteund door de begeleiding van de jeugdhulpverlener",
     "I feel supported by the guidance of the youth-care specialist"),
    ("Ik voel me ondersteund door de begeleiding van de jeugdverpleegkundige (GGD, Ouder-kindteam)",
     "I feel supported by the guidance of the youth nurse (GGD, parent-child team)"),
    ("Ik vind dit een goede manier om me in mijn werk verder te ontwikkelen",
     "I think this is a good way to develop further in my work"),
    ("Ik ben tevreden over hoe het project loopt", "I am satisfied with how the project is going"),
    ("Dit project maakt verschil voor mijn werk", "This project makes a difference to my work"),
]

PROFESSIONALISATION_PMER = [  # appendix 3 table 4
    ("heb ik meer zelfvertrouwen bij de omgang met kinderen met opvallend gedrag",
     "I have more self-confidence in dealing with children with striking behaviour"),
    ("heb ik meer zelfvertrouwen bij de omgang met ouders van deze kinderen",
     "I have more self-confidence in dealing with the parents of these children"),
    ("heb ik geleerd te kijken wat werkt in mijn aanpak en wat niet en op basis daarvan mijn aanpak bij te stellen",
     "I have learned to look at what works in my approach and what does not, and to adjust my approach accordingly"),
    ("weet ik beter wanneer ik hulp moet inschakelen bij kinderen met problemen",
     "I know better when to call in help for children with problems"),
    ("weet ik beter waar ik terecht kan voor hulp van kinderen met problemen",
     "I know better where to turn for help for children with problems"),
    ("weet ik beter wat ik wil leren om mijn werk goed te kunnen doen",
     "I know better what I want to learn to do my work well"),
    ("durf ik eerder nieuwe dingen uit te proberen om te kijken of die werken",
     "I dare sooner to try new things to see whether they work"),
]

FACTORS_PMER = [  # appendix 3 table 5
    ("dat er een vaste jeugdhulpverlener aan onze instelling verbonden is",
     "that a fixed youth-care specialist is attached to our organisation"),
    ("dat we de jeugdhulpverlener op elk gewenst moment kunnen inroepen",
     "that we can call in the youth-care specialist at any moment"),
    ("dat de jeugdhulpverlener standaard een paar keer per jaar langskomt",
     "that the youth-care specialist visits as standard a few times a year"),
    ("de aanwezigheid van organisaties en instellingen in de buurt, waar je ouders naar kunt verwijzen",
     "the presence of organisations and services nearby to which you can refer parents"),
    ("goede samenwerking met collega’s binnen onze eigen organisatie",
     "good cooperation with colleagues within our own organisation"),
    ("goed professionaliseringsbeleid in onze organisatie", "a good professional development policy in our organisation"),
    ("we zijn gewend om feedback op elkaars werk te geven", "we are used to giving feedback on each other's work"),
    ("de aanwezigheid van een pedagogisch coach of ve-specialist in onze instelling",
     "the presence of a pedagogical coach or early-education specialist in our organisation"),
    ("het trainingsaanbod dat door de gemeente wordt aangeboden", "the training offered by the municipality"),
]

PROFESSIONALISATION_SPECIALIST = [  # appendix 2 table 2
    ("hebben pm’ers meer zelfvertrouwen bij de omgang met kinderen met problemen",
     "childcare workers have more self-confidence in dealing with children with problems"),
    ("hebben pm’ers meer zelfvertrouwen bij de omgang met ouders van deze kinderen",
     "childcare workers have more self-confidence in dealing with the parents of these children"),
    ("hebben pm’ers geleerd te kijken wat werkt in hun aanpak en wat niet en op basis daarvan hun aanpak bij te stellen",
     "childcare workers have learned to look at what works in their approach and what does not, and to adjust "
     "their approach accordingly"),
    ("weten pm’ers beter wanneer ze hulp moeten inschakelen bij kinderen met problemen",
     "childcare workers know better when to call in help for children with problems"),
    ("weten pm’ers beter waar ze terecht kunnen voor hulp van kinderen met problemen",
     "childcare workers know better where to turn for help for children with problems"),
    ("weten pm’ers beter wat ze willen leren om hun werk goed te kunnen doen",
     "childcare workers know better what they want to learn to do their work well"),
    ("durven pm’ers eerder nieuwe dingen uit te proberen om te kijken of die werken",
     "childcare workers dare sooner to try new things to see whether they work"),
]


def factors_professional(professional_nl, professional_en):
    """Appendix 2 table 3; "Voor de jeugdverpleegkundigen was 'jeugdhulpverlener' vervangen door
    'jeugdverpleegkundige'" (section 3.2). Item 3 is printed in the nurses' wording."""
    return [
        (f"Dat de {professional_nl} vast aan een kinderopvanginstelling verbonden is",
         f"That the {professional_en} is permanently attached to a childcare organisation"),
        ("Dat pm’ers de specialistische hulp op elk gewenst moment kunnen inroepen",
         "That childcare workers can call in specialist help at any moment"),
        (f"Dat ik als {professional_nl} een bekend gezicht ben voor de kinderopvanglocaties",
         f"That I, as {professional_en}, am a familiar face for the childcare locations"),
        ("De aanwezigheid van organisaties en instellingen in de buurt, waar men bv. ouders naar kan verwijzen",
         "The presence of organisations and services nearby to which one can, for example, refer parents"),
        ("Goede samenwerking in de kinderopvanginstelling", "Good cooperation within the childcare organisation"),
        ("Goed professionaliseringsbeleid in de kinderopvanginstelling",
         "A good professional development policy in the childcare organisation"),
        ("Als men binnen de kinderopvanginstelling gewend is om feedback op elkaars werk te geven",
         "When people within the childcare organisation are used to giving feedback on each other's work"),
        ("De aanwezigheid van een pedagogisch coach of ve-specialist in de kinderopvanginstelling",
         "The presence of a pedagogical coach or early-education specialist in the childcare organisation"),
        ("Het trainingsaanbod dat door de gemeente wordt aangeboden", "The training offered by the municipality"),
    ]


def _likert_items(prefix, pairs, options, missing, scale, source):
    return [q(f"{prefix}_{i}", nl, en, "likert", options, missing, scale, False, source)
            for i, (nl, en) in enumerate(pairs, start=1)]


def _years_item(source="par. 3.2, Achtergrondkenmerken"):
    return q("years_with_alert4you", "Hoe lang werk je al met Alert4you?", "How long have you worked with Alert4you?",
             "choice", YEARS, reconstructed=True, source=source)


PMER_COMPETENCE_STEM_NL = (
    "In de volgende vragen gaan we in op de vraag of je vindt dat de samenwerking met de jeugdhulpverleners je "
    "verder heeft gebracht in het ontwikkelen van deze kerncompetenties. Kun je bijvoorbeeld beter reageren op "
    "bepaalde situaties of voel je je zekerder in de omgang met ouders van kinderen met opvallend gedrag? We nemen "
    "steeds een kerncompetentie onder de loep en vragen je aan te geven hoe je jezelf beoordeelt: VOOR en NA de "
    "samenwerking in het kader van Alert4you. NA kun je ook opvatten als NU/op dit moment."
)
PMER_COMPETENCE_STEM_EN = (
    "The following questions ask whether you feel that working with the youth-care specialists has helped you "
    "develop these core competences. Can you, for example, respond better to certain situations, or do you feel "
    "more confident with parents of children with striking behaviour? We look at one core competence at a time "
    "and ask you how you rate yourself: BEFORE and AFTER working together within Alert4you. AFTER can also be read "
    "as NOW/at this moment."
)


def pmer_instrument():
    background = [
        _years_item(),
        q("municipality", "In welke gemeente werk je?", "In which municipality do you work?", "choice",
          MUNICIPALITIES, source="bijlage 1, tabel 1"),
        q("hours_per_week", "Hoeveel uur per week werk je in de kinderopvang?",
          "How many hours a week do you work in childcare?", "choice",
          opts(("8 t/m 16 uur", "8 to 16 hours"), ("17 t/m 24 uur", "17 to 24 hours"),
               ("25 t/m 32 uur", "25 to 32 hours"), ("33 t/m 38 uur", "33 to 38 hours"),
               ("meer dan 38 uur", "more than 38 hours")),
          reconstructed=True, source="bijlage 1, tabel 6"),
        q("age_groups", "Met welke leeftijden werk je in de groep?", "Which ages do you work with in the group?",
          "multi", opts(("0 jaar", "0 years"), ("1 jaar", "1 year"), ("2 jaar", "2 years"), ("3 jaar", "3 years"),
                        ("4 jaar of meer", "4 years or older")),
          reconstructed=True, source="bijlage 1, tabel 7"),
        q("group_kind", "Op wat voor soort groep werk je?", "What kind of group do you work on?", "choice",
          opts(("een reguliere kinderopvanggroep", "a regular childcare group"), ("een vve-groep", "an early-education (VVE) group"),
               ("anders", "other")),
          reconstructed=True, source="bijlage 1, tabel 8"),
        q("education", "Wat is je vooropleiding?", "What is your professional education?", "choice",
          opts(("Sociaal Pedagogisch Werker (SPW3, beroepsbegeleidende leerweg)", "Social pedagogical worker (SPW3, work-based)"),
               ("Sociaal Pedagogisch Werker (SPW3, beroepsopleidende leerweg)", "Social pedagogical worker (SPW3, school-based)"),
               ("Sociaal Pedagogisch Werker (SPW4, beroepsbegeleidende leerweg)", "Social pedagogical worker (SPW4, work-based)"),
               ("Sociaal Pedagogisch Werker (SPW4, beroepsopleidende leerweg)", "Social pedagogical worker (SPW4, school-based)"),
               ("Leidster Kindcentra (LKC)", "Childcare centre leader (LKC)"),
               ("Sociaal Pedagogische Hulpverlening (SPH)", "Social pedagogical care (SPH)"),
               ("Pedagogische Academie voor het Basisonderwijs (pabo)", "Primary teacher training (pabo)"),
               ("Pedagogiek of psychologie (hbo)", "Pedagogy or psychology (higher professional education)"),
               ("Anders", "Other")),
          reconstructed=True, source="bijlage 1, tabel 2"),
        q("vve_programme", "In welk vve-programma ben je geschoold?", "In which early-education (VVE) programme were you trained?",
          "choice",
          opts(("Geen", "None"), ("Kaleidoscoop", "Kaleidoscoop"), ("Piramide", "Piramide"),
               ("Startblokken/basisontwikkeling", "Startblokken/basisontwikkeling"), ("Puk & Ko/Uk & Puk", "Puk & Ko/Uk & Puk"),
               ("Vve-basistraining", "Basic VVE training"), ("ander programma, namelijk...", "another programme, namely...")),
          reconstructed=True, source="bijlage 1, tabel 3"),
        q("additional_training", "Welke aanvullende scholing of training heb je gevolgd?",
          "Which additional schooling or training have you followed?", "multi",
          opts(("gesprekstechnieken met ouders", "conversation techniques with parents"),
               ("in de omgang met baby’s", "dealing with babies"), ("in de omgang met peuters", "dealing with toddlers"),
               ("over de ontwikkeling van kinderen", "on child development"),
               ("in de omgang met moeilijke kinderen", "dealing with difficult children"),
               ("in spelactiviteiten met kinderen", "play activities with children"),
               ("op het gebied van interactievaardigheden", "interaction skills"),
               ("in muziek en dans met kinderen", "music and dance with children"),
               ("ter verbetering van mijn taalvaardigheid", "improving my language skills"), ("anders", "other")),
          reconstructed=True, source="bijlage 1, tabel 4"),
    ]
    support_freq = opts(("nooit", "never"), ("een of enkele keren per jaar", "once or a few times a year"),
                        ("maandelijks", "monthly"), ("wekelijks", "weekly"), ("dagelijks", "daily"))
    support = [
        q(f"support_{i}", nl, en, "choice", support_freq, reconstructed=True, source="bijlage 1, tabel 5")
        for i, (nl, en) in enumerate([
            ("Leidinggevende", "Manager"), ("Collega", "Colleague"), ("vve-specialist", "Early-education specialist"),
            ("Hbo- of wo-opgeleide pedagoog of psycholoog", "Pedagogue or psychologist with a degree"),
            ("anders", "other")], start=1)
    ]
    contact = [
        q(f"contact_{code}", nl, en, "choice", NO_YES, reconstructed=True, source="par. 4.2, tabel 4.2")
        for code, nl, en in [("group_visit", "In een groepsbezoek", "In a group visit"),
                             ("on_call", "Op afroep", "On call"),
                             ("walk_in", "In een inloopspreekuur", "In a walk-in consultation hour")]
    ]
    before = [
        q(f"competence_before_{i}", f"{nl} — VOOR", f"{en} — BEFORE", "likert", DEVELOPMENT_5, scale="competence_before",
          reconstructed=True, source="par. 3.2; bijlage 3, tabel 2")
        for i, (nl, en) in enumerate(COMPETENCES, start=1)
    ]
    now = [
        q(f"competence_now_{i}", f"{nl} — NU", f"{en} — NOW", "likert", DEVELOPMENT_5, scale="competence_now",
          reconstructed=True, source="par. 3.2; bijlage 3, tabel 2")
        for i, (nl, en) in enumerate(COMPETENCES, start=1)
    ]
    competence_items = [item for pair in zip(before, now, strict=True) for item in pair]
    contribution = []
    for i, (nl, en) in enumerate(COMPETENCES, start=1):
        contribution.append(q(
            f"contribution_{i}", f"Heeft Alert4you bijgedragen aan je ontwikkeling op: {nl.lower()}?",
            f"Has Alert4you contributed to your development in: {en.lower()}?", "choice", NO_DONTKNOW_YES,
            reconstructed=True, source="bijlage 3, tabel 3"))
        contribution.append(q(f"contribution_{i}_why", "Waarom?", "Why?", "text", reconstructed=True,
                              source="par. 4.3"))
    open_questions = [
        q("open_obstacles", "Wat belemmert of bevordert volgens jou de ontwikkeling van deze kerncompetenties?",
          "In your view, what hinders or helps the development of these core competences?", "text",
          reconstructed=True, source="par. 4.3"),
        q("open_remarks", "Heb je verder nog opmerkingen over Alert4you?", "Do you have any other remarks about Alert4you?",
          "text", reconstructed=True, source="par. 3.2"),
    ]
    return {
        "key": "pmer", "group": "childcare_worker",
        "title": ("Vragenlijst voor pedagogisch medewerkers", "Questionnaire for childcare workers"),
        "intro": ("Deze vragenlijst gaat over je ervaringen met Alert4you en over de groei van je kerncompetenties. "
                  "Je antwoorden zijn anoniem.",
                  "This questionnaire is about your experience with Alert4you and the growth of your core "
                  "competences. Your answers are anonymous."),
        "scales": [
            ("satisfaction", "Tevredenheid met Alert4you", "Satisfaction with Alert4you", None),
            ("competence_before", "Kerncompetenties VOOR", "Core competences BEFORE", "competence_now"),
            ("competence_now", "Kerncompetenties NU", "Core competences NOW", None),
            ("professionalisation", "Professionalisering", "Professional development", None),
            ("factors", "Bevorderende factoren", "Contributing factors", None),
        ],
        "sections": [
            ("background", "Achtergrond", "Background", "", "", True, background),
            ("support", "Ondersteuning", "Support",
             "Hoe vaak krijg je pedagogische ondersteuning (adviezen of feedback op het pedagogisch handelen), "
             "en van wie?",
             "How often do you get pedagogical support (advice or feedback on your pedagogical practice), and from whom?",
             True, support),
            ("contact", "Contact met jeugdhulpverlener", "Contact with the youth-care specialist",
             "Ben je dit jaar of vorig jaar in de gelegenheid gesteld om vragen of problemen voor te leggen aan een "
             "jeugdhulpverlener of een jeugdverpleegkundige?",
             "Have you, this year or last year, had the opportunity to put questions or problems to a youth-care "
             "specialist or a youth nurse?", True, contact),
            ("satisfaction", "Tevredenheid", "Satisfaction", "", "", False,
             _likert_items("satisfaction", SATISFACTION, AGREE_5, "", "satisfaction", "bijlage 3, tabel 1")),
            ("competences", "Kerncompetenties", "Core competences", PMER_COMPETENCE_STEM_NL, PMER_COMPETENCE_STEM_EN,
             False, competence_items),
            ("contribution", "Bijdrage van Alert4you", "Contribution of Alert4you", "", "", True, contribution),
            ("professionalisation", "Professionalisering", "Professional development",
             "Door de samenwerking met de jeugdhulpverlener…", "Through working with the youth-care specialist…", False,
             _likert_items("professionalisation", PROFESSIONALISATION_PMER, APPLIES_5, "dont_know",
                           "professionalisation", "bijlage 3, tabel 4")),
            ("factors", "Bevorderende factoren", "Contributing factors",
             "Wat draagt eraan bij dat deze aanpak werkt?", "What contributes to this approach working?", False,
             _likert_items("factors", FACTORS_PMER, AGREE_5, "not_applicable", "factors", "bijlage 3, tabel 5")),
            ("open", "Tot slot", "Finally", "", "", True, open_questions),
        ],
    }


def professional_instrument(key, group, professional_nl, professional_en, title_nl, title_en):
    growth = [
        q(f"growth_{i}", nl, en, "likert", GROWTH_3, scale="competence_growth", reconstructed=True,
          source="par. 3.2; bijlage 2, tabel 1")
        for i, (nl, en) in enumerate(COMPETENCES, start=1)
    ]
    nurse = professional_nl == "jeugdverpleegkundige"
    factors = [
        q(f"factors_{i}", nl, en, "likert", AGREE_5, "not_applicable", "factors",
          reconstructed=False,
          source="bijlage 2, tabel 3" + ("" if nurse or i != 3 else
                                          "; 'jeugdverpleegkundige' teruggezet naar 'jeugdhulpverlener' (par. 3.2)"))
        for i, (nl, en) in enumerate(factors_professional(professional_nl, professional_en), start=1)
    ]
    if nurse:
        factors[0]["source"] = "bijlage 2, tabel 3; 'jeugdhulpverlener' vervangen door 'jeugdverpleegkundige' (par. 3.2)"
    open_questions = [
        q("open_context",
          "Welke factoren in je eigen organisatie, in de context van het project of in het beleid dragen ertoe bij "
          "dat de aanpak werkt?",
          "Which factors in your own organisation, in the context of the project or in policy help the approach work?",
          "text", reconstructed=True, source="par. 3.2, De rol van de context en het beleid"),
        q("open_obstacles",
          "Welke knelpunten belemmeren de uitvoering van het project en staan het behalen van resultaten in de weg?",
          "Which bottlenecks hinder carrying out the project and stand in the way of results?",
          "text", reconstructed=True, source="par. 3.2, De rol van de context en het beleid"),
        q("open_unexpected",
          "Heeft het project onverwachte (neven)effecten gehad: onbedoelde negatieve effecten, of positieve "
          "opbrengsten die vooraf niet waren verwacht?",
          "Has the project had unexpected (side) effects: unintended negative effects, or positive results that "
          "were not expected beforehand?",
          "text", reconstructed=True, source="par. 3.2, Onverwachte (neven)effecten van het project"),
        q("open_future_role",
          "Hoe zie je je eigen rol in het licht van recente ontwikkelingen in de kinderopvang, zoals het versterken "
          "van de teams met een pedagogisch coach of voorschoolse-educatiespecialist?",
          "How do you see your own role in the light of recent developments in childcare, such as strengthening "
          "the teams with a pedagogical coach or early-education specialist?",
          "text", reconstructed=True, source="par. 3.2, De meerwaarde van jeugdhulpverleners"),
    ]
    return {
        "key": key, "group": group,
        "title": (title_nl, title_en),
        "intro": ("Deze vragenlijst gaat over de groei van de pm’ers waar je mee werkt in Alert4you. "
                  "Je antwoorden zijn anoniem.",
                  "This questionnaire is about the growth of the childcare workers you work with in Alert4you. "
                  "Your answers are anonymous."),
        "scales": [
            ("competence_growth", "Competentieontwikkeling pm’ers", "Childcare workers' competence growth", None),
            ("professionalisation", "Professionalisering", "Professional development", None),
            ("factors", "Bevorderende factoren", "Contributing factors", None),
        ],
        "sections": [
            ("background", "Achtergrond", "Background", "", "", True, [
                _years_item(),
                q("municipality", "In welke gemeente werk je?", "In which municipality do you work?", "choice",
                  MUNICIPALITIES, reconstructed=True, source="bijlage 1, tabel 1"),
            ]),
            ("competences", "Kerncompetenties", "Core competences",
             "Zijn de pm’ers waar je mee werkt in het project gegroeid op deze competentie, sinds het begin van de "
             "aanpak?",
             "Have the childcare workers you work with in the project grown in this competence since the approach "
             "began?", False, growth),
            ("professionalisation", "Professionalisering", "Professional development",
             "Door de professionalisering die ze krijgen...", "Through the professional development they receive...",
             False, _likert_items("professionalisation", PROFESSIONALISATION_SPECIALIST, APPLIES_5, "dont_know",
                                  "professionalisation", "bijlage 2, tabel 2")),
            ("factors", "Bevorderende factoren", "Contributing factors",
             "Welke omstandigheden of factoren in de kinderopvanginstellingen dragen eraan bij dat deze aanpak werkt?",
             "Which circumstances or factors in the childcare organisations contribute to this approach working?",
             False, factors),
            ("open", "Context, knelpunten en de toekomst", "Context, bottlenecks and the future", "", "", True,
             open_questions),
        ],
    }


def instruments():
    return [
        pmer_instrument(),
        professional_instrument("specialist", "specialist", "jeugdhulpverlener", "youth-care specialist",
                                "Vragenlijst voor jeugdhulpverleners", "Questionnaire for youth-care specialists"),
        professional_instrument("youth_nurse", "youth_nurse", "jeugdverpleegkundige", "youth nurse",
                                "Vragenlijst voor jeugdverpleegkundigen", "Questionnaire for youth nurses"),
    ]
