"""The three ways of working from the research report (chapter 2), as programme presets.

A preset is a starting point: creating a municipality copies it into that municipality's own
configuration, which a coordinator can then change without touching the others.
"""

from .models import LocationKind, ProgrammeRole

GUARDIANS, PMER, SPECIALIST, NURSE = (
    ProgrammeRole.GUARDIANS, ProgrammeRole.CHILDCARE_WORKER, ProgrammeRole.SPECIALIST, ProgrammeRole.YOUTH_NURSE,
)

PRESETS = {
    "hoogeveen": {
        "programme_name": "Samen Vroeg Erbij",
        "partners": "Kinderopvang, jeugdhulpaanbieder (Yorneo) en jeugdverpleegkundigen (GGD)",
        "preventive_visits_per_year": 2,
        "preventive_visit_location_kinds": [LocationKind.TODDLER_GROUP.value],
        "preventive_visit_min_age_months": 24,
        "preventive_visit_max_age_months": 48,
        "proactive_contact_encouraged": False,
        "individual_observation": "case",
        "nurse_involved_before_observation": True,
        "intake_talk": False,
        "review_talk_participants": [GUARDIANS.value, PMER.value, NURSE.value, SPECIALIST.value],
        "guardians_involved": True,
        "max_follow_ups": None,
        "walk_in_hours_per_year": 2,
        "referral_starters": [NURSE.value],
        "referral_target": "",
        "evaluation_meetings_per_year": 2,
        "assignment": "fixed_contact",
        "consent_every_guardian": False,
        "consent_validity_days": 365,
    },
    "amersfoort": {
        "programme_name": "Alert4you Amersfoort",
        "partners": "Kinderopvang en jeugdhulpaanbieder (Youké)",
        "preventive_visits_per_year": 0,
        "preventive_visit_location_kinds": [],
        "preventive_visit_min_age_months": 0,
        "preventive_visit_max_age_months": 48,
        "proactive_contact_encouraged": False,
        "individual_observation": "case",
        "nurse_involved_before_observation": False,
        "intake_talk": True,
        "review_talk_participants": [GUARDIANS.value, PMER.value, SPECIALIST.value],
        "guardians_involved": True,
        "max_follow_ups": 5,
        "walk_in_hours_per_year": 0,
        "referral_starters": [SPECIALIST.value],
        "referral_target": "",
        "evaluation_meetings_per_year": 0,
        "assignment": "provider_queue",
        "consent_every_guardian": False,
        "consent_validity_days": 365,
    },
    "amsterdam": {
        "programme_name": "Alert4you Amsterdam",
        "partners": "Kinderopvang en MOC 't Kabouterhuis",
        "preventive_visits_per_year": 0,
        "preventive_visit_location_kinds": [],
        "preventive_visit_min_age_months": 0,
        "preventive_visit_max_age_months": 48,
        "proactive_contact_encouraged": True,
        "individual_observation": "group_visit",
        "nurse_involved_before_observation": False,
        "intake_talk": False,
        "review_talk_participants": [PMER.value, SPECIALIST.value],
        "guardians_involved": False,
        "max_follow_ups": None,
        "walk_in_hours_per_year": 0,
        "referral_starters": [SPECIALIST.value],
        "referral_target": "Okido",
        "evaluation_meetings_per_year": 0,
        "assignment": "fixed_contact",
        "consent_every_guardian": False,
        "consent_validity_days": 365,
    },
}
