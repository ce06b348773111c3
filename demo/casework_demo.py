"""Demo cases in every state each municipality's way of working reaches, made through the real
services (casework, its records, observations, consent) so that the demo shows exactly what the
app records: states, the timeline, visits with hours, advice, audit rows. Called by
`load_demo_data`.

Idempotent: a demo case is found again by its question text and then left alone; its records are
made only together with the case.

Why the walk and not rows written directly: the state machine, the consent guards and the
follow-up limit then hold for the demo too, and a change to them shows up here as a failing load.
"""

import datetime
import os
from dataclasses import dataclass, field

from django.conf import settings
from django.core.files.base import ContentFile
from django.test import RequestFactory
from django.utils import timezone

from accounts.models import User
from casework.models import Case, CaseKind, CaseOutcome, CaseState, ObservationRequest, Referral
from casework.records import (
    approach_plan_create,
    approach_plan_evaluate,
    case_record_further_consent,
    handover_create,
    message_post,
    receiving_schools,
    referral_mark_started,
    referral_name_child,
    referral_record_answer,
    referral_start,
)
from casework.services import case_advance, case_assign, case_record_paper_consent, request_create
from children.models import Child
from observations.models import Advice, Participant, VisitKind
from observations.services import advice_evaluate, advice_give, visit_plan, visit_record_held
from organisations.models import ProgrammeConfiguration

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
S = CaseState

# Kept from the first demo, so a demo database loaded before finds these cases again.
INDIVIDUAL_QUESTION = "Ze praat nog weinig en wijst vooral naar wat ze wil. Hoe helpen we haar taal op gang?"
PLANNED_QUESTION = "Hij raakt in paniek bij de overgang naar buiten spelen. Hoe bereiden we hem voor?"
TEACHER_QUESTION = "Hij loopt in de kring steeds weg bij de instructie. Hoe houd ik hem erbij?"
GROUP_QUESTION = "Een kind bijt als het druk is in de kring. Hoe kan ik de kring anders aanpakken?"


@dataclass(frozen=True)
class DemoCase:
    question: str
    pmer: str  # username of the childcare worker who asks
    until: str  # the state the demo leaves the case in
    subject: str = "child"
    kind: str = "behaviour"
    already_tried: str = ""
    outcome: str = ""  # for a closed case
    follow_ups: int = 0
    notes: str = ""
    advice: tuple = ()  # (target, category, text)
    records: tuple = ()  # "plan", "referral", "message", "handover"


@dataclass(frozen=True)
class Team:
    """Who works on the cases of one municipality."""

    specialist: str
    assigner: str  # the planner of the provider's queue, or the coordinator
    nurse: str = ""
    referral: tuple = ()  # (target, receiving party, reason) for the case's referral
    school: str = ""
    # A primary school of the municipality that takes part: the handover reaches its teachers in the app.
    school_location: str = ""


@dataclass(frozen=True)
class Programme:
    municipality: str
    team: Team
    cases: tuple[DemoCase, ...] = field(default=())


BEHAVIOUR, GROUP_PROCESSES, PARENTS, DEVELOPMENT = "behaviour", "group_processes", "parents", "development"
PMER, GROUP, GUARDIAN = "childcare_worker", "group", "guardian"

HOOGEVEEN = Programme("Hoogeveen", Team(
    specialist="specialist.hoogeveen", assigner="coordinator.hoogeveen", nurse="nurse.hoogeveen",
    referral=("speech_therapy", "Logopediepraktijk De Klank, Hoogeveen",
              "Spraak en taal blijven achter ondanks de aanpak op de groep; ouders willen onderzoek."),
    school="Obs De Wiekslag, Hoogeveen", school_location="Obs De Wiekslag"), (
    DemoCase("Hij gooit met speelgoed als een ander kind iets van hem afpakt. Hoe leer ik hem dat anders "
             "te laten merken?", "pmer.hoogeveen", S.AWAITING_CONSENT, already_tried="Benoemen wat hij voelt."),
    DemoCase("Ze speelt steeds alleen en kijkt de andere kinderen niet aan. Is dat iets om ons zorgen over te "
             "maken?", "pmer2.hoogeveen", S.READY_TO_PLAN, kind=DEVELOPMENT,
             already_tried="Samen met één ander kind laten spelen."),
    DemoCase(PLANNED_QUESTION, "pmer.hoogeveen", S.PLANNED, already_tried="Vooraf zeggen dat we naar buiten gaan.",
             records=("message",)),
    DemoCase("Hij verstaat de opdrachten in de kring vaak niet en gaat dan rondlopen. Hoe sluit ik beter aan?",
             "pmer2.hoogeveen", S.OBSERVED, kind=DEVELOPMENT, already_tried="Plaatjes bij de dagritmekaarten.",
             notes="Loopt weg zodra de kring langer dan vijf minuten duurt; volgt wel als de pm'er voordoet."),
    DemoCase("Zij huilt de hele ochtend na het brengen. Hoe help ik haar en hoe praat ik daarover met moeder?",
             "pmer.hoogeveen", S.ADVISED, kind=PARENTS, already_tried="Knuffel van thuis meegeven.",
             notes="Rustig na twintig minuten op schoot; het afscheid duurt lang en moeder komt twee keer terug.",
             advice=((PMER, "child_approach", "Maak een kort, vast afscheidsritueel en neem haar dan over."),
                     (GUARDIAN, "guardian_talk", "Bespreek met moeder dat een kort afscheid het kind helpt."))),
    DemoCase(INDIVIDUAL_QUESTION, "pmer.hoogeveen", S.FOLLOW_UP, kind=DEVELOPMENT, follow_ups=1,
             already_tried="Veel benoemen en voorlezen.",
             notes="Speelt vooral naast andere kinderen; wijst en kijkt de pm'er aan als ze iets wil. "
                   "Reageert goed als het woord voor haar wordt benoemd.",
             advice=((PMER, "child_approach", "Benoem wat ze aanwijst en wacht even zodat zij het woord kan herhalen."),
                     (GROUP, "day_programme", "Vaste liedjes bij de overgangen, zodat de dag voorspelbaar is."),
                     (GUARDIAN, "guardian_talk", "Bespreek met de ouders hoe ze thuis samen prentenboeken lezen.")),
             records=("plan", "referral", "message")),
    DemoCase("Hij slaat andere kinderen als hij moe is, vooral aan het eind van de dag. Wat kunnen we doen?",
             "pmer2.hoogeveen", S.CLOSED, outcome=CaseOutcome.RESOLVED, follow_ups=1,
             already_tried="Hem apart zetten.",
             notes="Slaan vooral bij het wachten op het ophalen; met een rustige hoek gebeurt het minder.",
             advice=((GROUP, "room", "Richt een rustige hoek in voor het eind van de middag."),
                     (PMER, "child_approach", "Zeg vooraf wie hem komt halen en wat hij tot dan kan doen."))),
    DemoCase("Ze eet bijna niets op de opvang en wordt boos bij het fruit eten. Hoe gaan we daarmee om?",
             "pmer.hoogeveen", S.CLOSED, outcome=CaseOutcome.GUARDIANS_DECLINED,
             already_tried="Kleine stukjes aanbieden."),
    DemoCase("Hij gaat na de zomer naar groep 1 en heeft moeite met wachten en samen delen. Wat geven we de school "
             "mee?", "pmer2.hoogeveen", S.CLOSED, outcome=CaseOutcome.HANDED_OVER, follow_ups=1,
             already_tried="Zandloper bij het wachten op zijn beurt.",
             notes="Wacht beter met de zandloper; delen lukt als de pm'er vooraf zegt wie na hem komt.",
             advice=((PMER, "child_approach", "Gebruik de zandloper ook bij het delen van speelgoed."),
                     (GROUP, "group_dynamics", "Speel beurtspelletjes in kleine groepjes van drie.")),
             records=("plan", "handover")),
    DemoCase("Na de vakantie is de groep onrustig bij het eten. Hoe krijgen we weer rust aan tafel?",
             "pmer.hoogeveen", S.SUBMITTED, subject="group", kind=GROUP_PROCESSES),
    DemoCase("Er zijn drie nieuwe kinderen en de oudste peuters sluiten ze buiten. Hoe pakken we dat aan?",
             "pmer2.hoogeveen", S.PLANNED, subject="group", kind=GROUP_PROCESSES),
    DemoCase("Het opruimen eindigt elke dag in huilen en rennen. Hoe maken we er een vast moment van?",
             "pmer.hoogeveen", S.VISITED, subject="group", kind=GROUP_PROCESSES,
             notes="Opruimen begint zonder aankondiging; kinderen weten niet wat zij moeten doen.",
             advice=((GROUP, "day_programme", "Kondig het opruimen vijf minuten vooraf aan met een liedje."),)),
    DemoCase("Bij het wisselen van activiteit lopen de kinderen door elkaar en wordt het chaotisch. Hoe houden we "
             "overzicht?", "pmer2.hoogeveen", S.CLOSED, subject="group", kind=GROUP_PROCESSES,
             outcome=CaseOutcome.RESOLVED,
             notes="Bij elke wissel zoeken de pm'ers spullen bij elkaar terwijl de kinderen wachten.",
             advice=((PMER, "day_programme", "Leg de spullen voor de volgende activiteit vooraf klaar."),)),
    # The teacher of Obs De Wiekslag asks like a pm'er (issue 17 item 5); her advice is "for the childcare
    # worker" party, which she is on her own case.
    DemoCase(TEACHER_QUESTION, "leerkracht.hoogeveen", S.ADVISED, already_tried="Een vaste plek vooraan in de kring.",
             notes="Loopt weg bij de instructie in de kring; blijft zitten als de juf hem een taak geeft.",
             advice=((PMER, "child_approach",
                      "Geef hem bij de instructie een kleine taak, zoals de kaartjes uitdelen."),
                     (GROUP, "day_programme", "Laat de dagritmekaarten zien voor elke overgang in de klas."))),
))

AMERSFOORT = Programme("Amersfoort", Team(
    specialist="specialist.amersfoort", assigner="planner.amersfoort",
    referral=("audiology", "Audiologisch centrum Amersfoort",
              "Reageert vaak niet op haar naam; gehoor laten onderzoeken."),
    school=""), (
    DemoCase("Hij zegt nog maar een paar woorden en wordt boos als we hem niet begrijpen. Wat kan ik doen?",
             "pmer.amersfoort", S.AWAITING_CONSENT, kind=DEVELOPMENT, already_tried="Gebaren bij woorden."),
    DemoCase("Zij bijt andere kinderen, vooral bij het binnenkomen. Hoe voorkomen we dat?",
             "pmer2.amersfoort", S.READY_TO_PLAN, already_tried="Bij binnenkomst bij haar blijven."),
    DemoCase("Hij klimt overal op en luistert niet als ik zeg dat het gevaarlijk is. Hoe krijg ik contact?",
             "pmer.amersfoort", S.PLANNED, already_tried="Op ooghoogte gaan zitten.", records=("message",)),
    DemoCase("Ze schrikt erg van harde geluiden en kruipt dan weg. Hoe helpen we haar in een drukke groep?",
             "pmer2.amersfoort", S.OBSERVED, kind=DEVELOPMENT, already_tried="Koptelefoon bij het dansen.",
             notes="Houdt de handen op de oren bij het zingen; zoekt de pm'er op als het te druk wordt."),
    DemoCase("Hij wil niet slapen en maakt de andere kinderen wakker. Hoe regelen we het slapen?",
             "pmer.amersfoort", S.ADVISED, already_tried="Later naar bed laten gaan.",
             notes="Slaapt thuis 's middags niet meer; ligt in de slaapkamer wakker naast de jongste kinderen.",
             advice=((GROUP, "day_programme", "Laat hem rusten op een matje in de groep met een boekje."),
                     (GUARDIAN, "guardian_talk", "Stem met de ouders af hoe het slapen thuis gaat."))),
    DemoCase("Ze reageert vaak niet als we haar naam roepen. Hoort ze ons wel?", "pmer2.amersfoort",
             S.FOLLOW_UP, kind=DEVELOPMENT, follow_ups=2, already_tried="Aanraken voor we iets zeggen.",
             notes="Reageert wel op aanraken en gebaren, niet op geroepen worden van achteren.",
             advice=((PMER, "child_approach", "Spreek haar van voren aan, op ooghoogte."),
                     (GUARDIAN, "guardian_talk", "Vraag de ouders of het gehoor bij het consultatiebureau "
                                                 "is getest.")),
             records=("plan", "referral", "message")),
    DemoCase("Hij is snel boos en gooit dan de stoel om. Hoe leren we hem zijn boosheid te uiten?",
             "pmer.amersfoort", S.CLOSED, outcome=CaseOutcome.RESOLVED, follow_ups=1,
             already_tried="Time-out op de bank.",
             notes="Boos bij overgangen van spel naar eten; met een boos-kaartje wijst hij het eerder aan.",
             advice=((PMER, "child_approach", "Gebruik gevoelskaartjes en benoem de boosheid voor hij ontploft."),)),
    DemoCase("Ze zit vaak stil in een hoekje en doet niet mee. Moeten we ons zorgen maken?",
             "pmer2.amersfoort", S.CLOSED, outcome=CaseOutcome.GUARDIANS_DECLINED, kind=DEVELOPMENT,
             already_tried="Haar uitnodigen bij een spel."),
    DemoCase("Bij het buitenspelen ontstaan steeds ruzies om de fietsjes. Hoe organiseren we dat?",
             "pmer.amersfoort", S.SUBMITTED, subject="group", kind=GROUP_PROCESSES),
    DemoCase("De groep is te druk om voor te lezen. Hoe krijgen we de aandacht erbij?",
             "pmer2.amersfoort", S.PLANNED, subject="group", kind=GROUP_PROCESSES),
    DemoCase("Twee kinderen domineren de bouwhoek en de rest speelt daar niet meer. Wat doen we?",
             "pmer.amersfoort", S.VISITED, subject="group", kind=GROUP_PROCESSES,
             notes="De bouwhoek is klein en ligt op de looproute.",
             advice=((GROUP, "room", "Maak de bouwhoek groter en haal hem uit de looproute."),)),
    DemoCase("Met twee pm'ers en zestien peuters komen de stille kinderen te weinig aan bod. Hoe verdelen we de "
             "aandacht?", "pmer2.amersfoort", S.CLOSED, subject="group", kind=GROUP_PROCESSES,
             outcome=CaseOutcome.RESOLVED,
             notes="Beide pm'ers staan bij de drukke kinderen; de stille kinderen spelen zonder volwassene.",
             advice=((GROUP, "group_dynamics", "Werk een deel van de ochtend in twee vaste kleine groepjes."),)),
))

AMSTERDAM = Programme("Amsterdam", Team(
    specialist="specialist.amsterdam", assigner="coordinator.amsterdam",
    referral=("okido", "Okido", "Moeder vraagt hulp thuis bij de driftbuien; ondersteuning voor kind en ouders."),
    school=""), (
    DemoCase("Er is veel geduw en getrek bij het aankleden om naar buiten te gaan. Hoe kan dat rustiger?",
             "pmer.amsterdam", S.SUBMITTED, subject="group", kind=GROUP_PROCESSES),
    # A question about one child: Amsterdam makes it a group visit on the pm'er's own handling.
    DemoCase("Een jongen in mijn groep krijgt driftbuien als hij moet stoppen met spelen. Hoe ga ik daarmee om?",
             "pmer2.amsterdam", S.PLANNED),
    DemoCase(GROUP_QUESTION, "pmer.amsterdam", S.VISITED,
             notes="Kring duurt lang; de pm'er zit tegenover de drukste kinderen. Besproken: korter, "
                   "naast het kind zitten, vooraf benoemen wat er gaat gebeuren.",
             advice=((PMER, "group_dynamics",
                      "Houd de kring kort en ga naast het kind zitten dat het moeilijk heeft."),),
             records=("referral",)),
    DemoCase("De overdracht tussen de vroege en de late dienst zorgt voor onrust in de groep. Hoe lossen we dat op?",
             "pmer2.amsterdam", S.CLOSED, subject="group", kind=GROUP_PROCESSES, outcome=CaseOutcome.RESOLVED,
             notes="Bij de wissel praten de pm'ers met elkaar en wachten de kinderen zonder iets te doen.",
             advice=((PMER, "day_programme",
                      "Doe de overdracht na het fruit, terwijl één pm'er bij de kinderen blijft."),)),
))

PROGRAMMES = (HOOGEVEEN, AMERSFOORT, AMSTERDAM)


def _host() -> str:
    """The demo's own address, so the links in the e-mails the services send lead to it."""
    host = next((h.lstrip(".") for h in settings.ALLOWED_HOSTS if h not in ("*", "testserver")), "localhost")
    return f"{host}:{os.environ.get('PORT', '8000')}"


def _request(user):
    request = RequestFactory().get("/demo/", REMOTE_ADDR="127.0.0.1", HTTP_USER_AGENT="load_demo_data",
                                   HTTP_HOST=_host())
    request.user = user
    return request


# How long ago each demo case's question was asked.
STORY_DAYS_AGO = 60


def _at(days_ago: int, hour: int) -> datetime.datetime:
    """A moment `days_ago` days back (negative: ahead) at a full hour."""
    day = timezone.localdate() - datetime.timedelta(days=days_ago)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def _days_ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


def _reload(case) -> Case:
    return Case.objects.with_related().get(pk=case.pk)


def _free_child(location) -> Child:
    """A child of the location who is on no case and no referral yet: every demo case has its own."""
    return (Child.objects.filter(group__location=location, cases__isnull=True, referrals__isnull=True)
            .order_by("last_name", "first_name").first())


def _guardian(child):
    guardian = child.guardians.filter(has_parental_authority=True).order_by("pk").first()
    return guardian.name, guardian.relation


def _co_signer(child) -> dict:
    """A referral or the handover needs every guardian with authority: the second one signs the
    same paper form."""
    second = list(child.guardians.filter(has_parental_authority=True).order_by("pk")[1:2])
    return {"co_signed_by": second[0].name, "co_relation": second[0].relation} if second else {}


class _Walk:
    """One demo case, walked from the request to its state through the services."""

    def __init__(self, programme: Programme, spec: DemoCase, users: dict):
        self.spec, self.team = spec, programme.team
        self.pmer = users[spec.pmer]
        self.specialist = users[self.team.specialist]
        self.assigner = users[self.team.assigner]
        self.nurse = users.get(self.team.nurse)

    def run(self) -> Case:
        location = self.pmer.memberships.filter(location__isnull=False).first().location
        configuration = location.district.municipality.configuration
        self.configuration = configuration
        individual = self.spec.subject == "child" and (
            configuration.individual_observation != ProgrammeConfiguration.IndividualObservation.GROUP_VISIT)
        child = _free_child(location) if individual else None
        group = child.group if child else self.pmer.memberships.get(location=location).groups.order_by("name").first()
        case = request_create(request=_request(self.pmer), location=location, group=group, subject=self.spec.subject,
                              kind=self.spec.kind, question=self.spec.question,
                              already_tried=self.spec.already_tried, urgency="normal", child=child, by=self.pmer)
        if case.assigned_to_id is None and not (case.kind == CaseKind.GROUP and self.spec.until == S.SUBMITTED):
            # A request about the group stays in the provider's queue until the planner picks it up.
            case = case_assign(case=case, to=self.specialist, by=self.assigner)
        # The story began two months ago: before the consent (day 45) and the intake talk (day 40),
        # as no visit is held before its question was asked.
        ObservationRequest.objects.filter(pk=case.request_id).update(created_at=_at(STORY_DAYS_AGO, 9))
        Case.objects.filter(pk=case.pk).update(opened_at=_at(STORY_DAYS_AGO, 9))
        case = _reload(case)
        if case.kind == CaseKind.INDIVIDUAL:
            return self._individual(case)
        return self._group(case)

    # Individual child --------------------------------------------------------------------------

    def _individual(self, case) -> Case:
        spec, by = self.spec, self.specialist
        if spec.outcome == CaseOutcome.GUARDIANS_DECLINED:
            return case_advance(case=case, to=S.CLOSED, outcome=spec.outcome, by=self.pmer)
        if spec.until == S.AWAITING_CONSENT:
            return case
        name, relation = _guardian(case.child)
        parties = ["specialist"] + (["youth_nurse"] if case.nurse_id else [])
        case_record_paper_consent(
            request=_request(self.pmer), case=case, by=self.pmer, signed_by=name, relation=relation,
            signed_on=_days_ago(45), purposes=["observation"], parties=parties,
            scan=ContentFile(PDF, name="toestemming.pdf"),
        )
        case = _reload(case)
        if spec.until == S.READY_TO_PLAN:
            return case
        if self.configuration.intake_talk:
            self._held(case, VisitKind.INTAKE_TALK, 40, [(by, 1)], ["specialist", "childcare_worker", "guardians"],
                       "Kennismaking met ouders en pm'er; de vraag samen scherp gemaakt.")
        if spec.until == S.PLANNED:
            visit_plan(request=_request(by), case=case, kind=VisitKind.OBSERVATION, starts_at=_at(-6, 9),
                       place="Groepsruimte", by=by)
            if "message" in spec.records:
                self._messages(case, (
                    (self.specialist, "Ik kom de observatie doen in de ochtend; is dat een gewone dag op de groep?"),
                    (self.pmer, "Ja, dan zijn we met de vaste collega's. Ik zet je op de lijst bij de deur."),
                ))
            return _reload(case)
        visit_plan(request=_request(by), case=case, kind=VisitKind.OBSERVATION, starts_at=_at(-1, 9), by=by)
        case = _reload(case)
        hours = [(by, 2)] + ([(case.nurse, 1)] if case.nurse else [])
        self._held(case, VisitKind.OBSERVATION, 30, hours, ["specialist", "childcare_worker"], spec.notes)
        case = _reload(case)
        if spec.until == S.OBSERVED:
            return case
        advice_give(request=_request(by), case=case, by=by, items=[
            {"target": target, "category": category, "text": text} for target, category, text in spec.advice])
        case = _reload(case)
        self._review_talk(case)
        first = Advice.objects.filter(case=case).order_by("pk").first()
        worked = "worked" if spec.outcome else "partly"
        advice_evaluate(request=_request(self.pmer), advice=first, tried="tried", worked=worked,
                        remark="Merkbaar verschil na twee weken.", by=self.pmer)
        if "plan" in spec.records:
            approach_plan_create(
                request=_request(by), case=case, by=by,
                goals_group="Het kind laat op de groep merken wat het wil, met woorden of gebaren.",
                agreements_group="De pm'ers benoemen wat het kind aanwijst en wachten op een reactie.",
                goals_home="Samen voorlezen, elke dag een kwartier.",
                agreements_home="Ouders vertellen bij het halen wat thuis goed ging.")
        if spec.until == S.ADVISED:
            return _reload(case)
        for number in range(spec.follow_ups):
            case = _reload(case)
            self._held(case, VisitKind.FOLLOW_UP, 16 - 7 * number, [(by, 1)], ["specialist", "childcare_worker"],
                       "Voortgang besproken met de pm'er; het advies wordt toegepast.",
                       advice_remarks={first.pk: "Werkt, blijven doen."} if number == 0 else None)
            if number == 0 and "plan" in spec.records:
                approach_plan_evaluate(
                    request=_request(by), case=_reload(case), by=by,
                    evaluation="Op de groep gaat het beter; thuis lukt het voorlezen niet elke dag.",
                    goals_group="Het kind laat op de groep merken wat het wil, met woorden of gebaren.",
                    agreements_group="Ook tijdens het eten de woorden benoemen.",
                    goals_home="Samen voorlezen, drie keer per week.",
                    agreements_home="De pm'er geeft elke vrijdag een prentenboek mee.")
        case = _reload(case)
        if "referral" in spec.records:
            self._referral(case)
        if "message" in spec.records:
            self._messages(case, (
                (self.pmer, "Het gaat beter bij het eten. Zullen we het plan in het volgende gesprek bijstellen?"),
                (self.specialist, "Goed idee; neem de ervaringen van deze week mee."),
            ))
        if "handover" in spec.records:
            self._handover(case)
        if spec.until == S.CLOSED:
            case = case_advance(case=_reload(case), to=S.CLOSED, outcome=spec.outcome, by=by)
        return case

    def _held(self, case, kind, days_ago, hours, participants, notes, advice_remarks=None):
        visit_record_held(request=_request(self.specialist), case=case, kind=kind, held_at=_at(days_ago, 10),
                          hours=hours, participants=participants, notes=notes, advice_remarks=advice_remarks,
                          by=self.specialist)

    def _review_talk(self, case):
        """The review talk with everyone the municipality's way of working names."""
        participants = [p for p in self.configuration.review_talk_participants or [] if p in Participant.values]
        if not participants:
            return
        hours = [(self.specialist, 1)] + ([(case.nurse, 1)] if case.nurse and "youth_nurse" in participants else [])
        self._held(case, VisitKind.REVIEW_TALK, 24, hours, participants,
                   "Observatie en adviezen besproken; afspraken gemaakt voor groep en thuis.")

    def _further_consent(self, case, purposes, parties):
        name, relation = _guardian(case.child)
        case_record_further_consent(
            request=_request(self.pmer), case=case, purposes=purposes, parties=parties, by=self.pmer,
            signed_by=name, relation=relation, signed_on=_days_ago(3), scan=ContentFile(PDF, name="toestemming.pdf"),
            **_co_signer(case.child))

    def _referral(self, case):
        """Started by whom the configuration lets refer (the nurse in Hoogeveen, the specialist
        elsewhere), under the guardians' consent for it."""
        target, party, reason = self.team.referral
        starters = set(self.configuration.referral_starters or [])
        by = self.nurse if "youth_nurse" in starters and case.nurse_id else self.specialist
        if case.kind == CaseKind.INDIVIDUAL:
            self._further_consent(case, ["referral"], ["referral_party"])
        referral = referral_start(request=_request(by), case=_reload(case), target=target, receiving_party=party,
                                  reason=reason, by=by)
        if case.kind == CaseKind.GROUP:
            # Only now is the child named, by the pm'er, under the guardians' consent for the referral.
            child = _free_child(case.request.location)
            name, relation = _guardian(child)
            referral_name_child(request=_request(self.pmer), referral=referral, child=child, by=self.pmer,
                                paper_consent={"signed_by": name, "relation": relation, "signed_on": _days_ago(1),
                                               "scan": ContentFile(PDF, name="toestemming-okido.pdf"),
                                               **_co_signer(child)})
            return
        if "youth_nurse" in starters:
            referral = referral_record_answer(request=_request(by), referral=Referral.objects.get(pk=referral.pk),
                                              accepted=True, answered_on=timezone.localdate(), by=by)
            referral_mark_started(request=_request(by), referral=referral, started_on=timezone.localdate(), by=by)

    def _messages(self, case, messages):
        for author, body in messages:
            message_post(request=_request(author), case=_reload(case), body=body, by=author)

    def _handover(self, case):
        self._further_consent(case, ["handover"], ["primary_school"])
        for advice in Advice.objects.filter(case=case, tried=""):
            advice_evaluate(request=_request(self.pmer), advice=advice, tried="tried", worked="worked",
                            remark="Werkt goed, ook in de grotere groep.", by=self.pmer)
        case = _reload(case)
        school = receiving_schools(case).filter(name=self.team.school_location).first() \
            if self.team.school_location else None
        handover_create(request=_request(self.specialist), case=case, school_name=self.team.school,
                        school_location=school, by=self.specialist)

    # Group request (also a question about one child made into a group visit) ---------------------

    def _group(self, case) -> Case:
        spec, by = self.spec, self.specialist
        if spec.until == S.SUBMITTED:
            return case
        if spec.until == S.PLANNED:
            visit_plan(request=_request(by), case=case, kind=VisitKind.GROUP_VISIT, starts_at=_at(-9, 9),
                       place="Groepsruimte", by=by)
            return _reload(case)
        visit_plan(request=_request(by), case=case, kind=VisitKind.GROUP_VISIT, starts_at=_at(-1, 9), by=by)
        self._held(_reload(case), VisitKind.GROUP_VISIT, 12, [(by, 3)], ["specialist", "childcare_worker"],
                   spec.notes)
        case = _reload(case)
        advice_give(request=_request(by), case=case, by=by, items=[
            {"target": target, "category": category, "text": text} for target, category, text in spec.advice])
        first = Advice.objects.filter(case=case).order_by("pk").first()
        advice_evaluate(request=_request(self.pmer), advice=first, tried="tried", worked="worked",
                        remark="De kinderen weten nu wat er komt.", by=self.pmer)
        if "referral" in spec.records:
            self._referral(_reload(case))
        if spec.until == S.CLOSED:
            case = case_advance(case=_reload(case), to=S.CLOSED, outcome=CaseOutcome.RESOLVED, by=by)
        return _reload(case)


def load_demo_cases() -> int:
    """Makes the demo cases that are missing; returns how many it made."""
    usernames = {spec.pmer for programme in PROGRAMMES for spec in programme.cases}
    usernames |= {name for programme in PROGRAMMES
                  for name in (programme.team.specialist, programme.team.assigner, programme.team.nurse) if name}
    users = {user.username: user for user in User.objects.filter(username__in=usernames)}
    made = 0
    for programme in PROGRAMMES:
        for spec in programme.cases:
            if Case.objects.filter(request__requested_by=users[spec.pmer], request__question=spec.question).exists():
                continue
            _Walk(programme, spec, users).run()
            made += 1
    return made
