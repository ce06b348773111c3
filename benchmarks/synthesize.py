"""Synthetic national data for the benchmark: the country at `scale` (1.0 = every Dutch municipality).

Rows are written with PostgreSQL COPY in table order, with ids given here so foreign keys need no
round trips; the sequences are moved past them at the end. Every row is one the app itself could
have written: cases follow the state machine (casework.workflow) with a timeline that says how they
got there, consent is an event log whose state matches the case, visits never name a child, hours
are booked to the visit's district. A few large municipalities and many small ones (Zipf-like).

The identities the benchmark logs in as ("bench.<role>") are ordinary users of the largest
municipality with a TOTP device; one of the specialist's cases has a long timeline.
"""

import hashlib
import io
import json
import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import connection, models, transaction
from django.utils import timezone
from psycopg2.extras import Json

COUNTRY = {
    "municipalities": 342, "locations": 12_000, "groups": 40_000, "children": 500_000, "cases": 100_000,
    "visits": 1_000_000, "audit": 20_000_000, "outbox": 200_000, "responses": 10_000,
}
FIRST_NAMES = ["Emma", "Noah", "Julia", "Liam", "Mila", "Luca", "Sara", "Daan", "Nora", "Sem", "Yara", "Adam",
               "Zoë", "Mohammed", "Fenna", "Levi", "Olivia", "Finn", "Lina", "Milan", "Ayla", "Bram"]
LAST_NAMES = ["de Jong", "Jansen", "de Vries", "van den Berg", "Bakker", "Visser", "Smit", "Meijer", "Yilmaz",
              "El Amrani", "Kowalski", "Mulder", "de Boer", "Bos", "Vos", "Peters", "Hendriks", "Dekker"]
PASSWORD = "bench-password-never-used-for-real"  # noqa: S105  (bench data only)
LONG_TIMELINE_EVENTS = 200


@dataclass
class Counts:
    rows: dict = field(default_factory=dict)

    def add(self, table, n):
        self.rows[table] = self.rows.get(table, 0) + n


def planned(scale: float) -> dict:
    """How many rows of each kind the scale asks for (at least enough for every role's pages)."""
    n = {key: max(1, round(value * scale)) for key, value in COUNTRY.items()}
    n["municipalities"] = max(3, n["municipalities"])
    n["locations"] = max(2 * n["municipalities"], n["locations"])
    n["groups"] = max(n["locations"], n["groups"])
    n["children"] = max(4 * n["groups"], n["children"]) if scale < 0.002 else n["children"]
    n["cases"] = max(20, n["cases"])
    return n


def _text(value) -> str:
    if value is None:
        return r"\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict | list):
        value = json.dumps(value)
    value = str(value)
    return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


class Copier:
    """Buffers rows per table and sends them with COPY FROM STDIN every `batch` rows."""

    def __init__(self, cursor, counts: Counts, batch=50_000):
        self.cursor = cursor
        self.counts = counts
        self.batch = batch
        self.buffers = {}
        self.extras = {}

    def _filled(self, model, columns):
        """Columns a model has that the caller did not name, with their Django defaults: Django sets
        defaults in Python, not in the table, so a COPY must give them (fields added later included)."""
        extra = []
        for f in model._meta.concrete_fields:
            if f.column in columns or f.null or getattr(f, "db_default", None) is not models.NOT_PROVIDED:
                continue
            if f.has_default():
                extra.append((f.column, f.get_default()))
            elif getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                extra.append((f.column, timezone.now()))
        return extra

    def row(self, model_or_table, columns, values):
        table = model_or_table if isinstance(model_or_table, str) else model_or_table._meta.db_table
        key = (table, tuple(columns))
        if key not in self.extras:
            extra = [] if isinstance(model_or_table, str) else self._filled(model_or_table, columns)
            self.extras[key] = ([c for c, _ in extra], [_text(v) for _, v in extra])
        extra_columns, extra_values = self.extras[key]
        buf = self.buffers.get(key)
        if buf is None:
            buf = self.buffers[key] = [io.StringIO(), 0]
        buf[0].write("\t".join([*(_text(v) for v in values), *extra_values]))
        buf[0].write("\n")
        buf[1] += 1
        if buf[1] >= self.batch:
            self._send(key)

    def _send(self, key):
        buf = self.buffers.get(key)
        if not buf or not buf[1]:
            return
        table, columns = key
        buf[0].seek(0)
        cols = ", ".join(f'"{c}"' for c in [*columns, *self.extras[key][0]])
        self.cursor.copy_expert(f'COPY "{table}" ({cols}) FROM STDIN', buf[0])
        self.counts.add(table, buf[1])
        self.buffers[key] = [io.StringIO(), 0]

    def flush(self, model_or_table=None):
        table = None
        if model_or_table is not None:
            table = model_or_table if isinstance(model_or_table, str) else model_or_table._meta.db_table
        for key in list(self.buffers):
            if table is None or key[0] == table:
                self._send(key)


def _split(total: int, weights: list[float], minimum: int = 1) -> list[int]:
    """`total` spread over the weights (largest remainder), each at least `minimum`."""
    total = max(total, minimum * len(weights))
    spare = total - minimum * len(weights)
    whole = sum(weights)
    shares = [spare * w / whole for w in weights]
    parts = [minimum + int(s) for s in shares]
    rest = total - sum(parts)
    for i in sorted(range(len(weights)), key=lambda i: shares[i] - int(shares[i]), reverse=True)[:rest]:
        parts[i] += 1
    return parts


class Synthesizer:
    def __init__(self, *, scale: float, seed: int = 1, stdout=None):
        self.scale = scale
        self.n = planned(scale)
        self.rng = random.Random(seed)  # noqa: S311 (synthetic data, reproducible)
        self.now = timezone.now().replace(microsecond=0)
        self.today = timezone.localdate()
        self.counts = Counts()
        self.stdout = stdout
        self.ids = {}

    # -- helpers -----------------------------------------------------------------------------
    def say(self, text):
        if self.stdout:
            self.stdout.write(text)

    def next_ids(self, model, n):
        table = model._meta.db_table
        if table not in self.ids:
            with connection.cursor() as c:
                c.execute(f'SELECT COALESCE(MAX(id), 0) FROM "{table}"')  # noqa: S608 (a model's own table)
                self.ids[table] = c.fetchone()[0] + 1
        start = self.ids[table]
        self.ids[table] += n
        return range(start, start + n)

    def new_id(self, model):
        return self.next_ids(model, 1)[0]

    def cols(self, model, names):
        return [model._meta.get_field(name).column for name in names]

    def ago(self, days_max, days_min=0):
        return self.now - timedelta(days=self.rng.uniform(days_min, days_max), minutes=self.rng.randrange(600))

    def name(self):
        return self.rng.choice(FIRST_NAMES), self.rng.choice(LAST_NAMES)

    # -- the run ------------------------------------------------------------------------------
    def run(self) -> dict:
        # One transaction: foreign keys are checked (deferred) at its end, so tables can be
        # copied in any order, and a failed load leaves nothing behind.
        with transaction.atomic():
            self._run()
        with connection.cursor() as cursor:
            for table in sorted(self.counts.rows):
                cursor.execute(f'ANALYZE "{table}"')
        return dict(self.counts.rows)

    def _run(self):
        with connection.cursor() as cursor:
            raw = cursor.cursor if hasattr(cursor, "cursor") else cursor
            self.copy = Copier(raw, self.counts)
            self.organisations()
            self.people()
            self.children()
            self.cases()
            self.preventive_visits()
            self.budgets()
            self.outbox()
            self.surveys()
            self.audit()
            self.copy.flush()
            self.sequences(cursor)
        self.identities()

    def sequences(self, cursor):
        for table in self.ids:
            # A model's own table name, never input.
            sql = f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), (SELECT GREATEST(COALESCE(MAX(id), 0), 1) FROM \"{table}\"))"  # noqa: E501, S608
            cursor.execute(sql)

    # -- organisations --------------------------------------------------------------------------
    def organisations(self):
        from organisations.models import (
            CareProvider,
            ChildcareOrganisation,
            District,
            Group,
            Location,
            Municipality,
            ProgrammeConfiguration,
            YouthHealthService,
        )

        n = self.n
        self.say(f"organisations: {n['municipalities']} municipalities, {n['locations']} locations")
        # A few large municipalities and many small ones.
        weights = [1 / (i + 1) ** 0.7 for i in range(n["municipalities"])]
        self.mun_weights = weights
        loc_per_mun = _split(n["locations"], weights, minimum=2)
        tag = f"{self.rng.randrange(16**6):06x}"
        self.municipalities = list(self.next_ids(Municipality, n["municipalities"]))
        mun_cols = self.cols(Municipality, ["id", "name", "programme_name"])
        conf_fields = ["id", "municipality", "based_on_preset", "partners", "preventive_visits_per_year",
                       "preventive_visit_location_kinds", "preventive_visit_min_age_months",
                       "preventive_visit_max_age_months", "proactive_contact_encouraged", "individual_observation",
                       "nurse_involved_before_observation", "intake_talk", "review_talk_participants",
                       "guardians_involved", "max_follow_ups", "walk_in_hours_per_year", "referral_starters",
                       "referral_target", "evaluation_meetings_per_year", "assignment", "consent_every_guardian",
                       "consent_validity_days"]
        conf_cols = self.cols(ProgrammeConfiguration, conf_fields)
        conf_ids = self.next_ids(ProgrammeConfiguration, len(self.municipalities))
        for i, (mid, cid) in enumerate(zip(self.municipalities, conf_ids, strict=True)):
            self.copy.row(Municipality, mun_cols, [mid, f"Gemeente {i + 1:03d} {tag}", "Alert4you"])
            preset = ["hoogeveen", "amersfoort", "amsterdam"][i % 3]
            self.copy.row(ProgrammeConfiguration, conf_cols, [
                cid, mid, preset, "", 2 if preset == "amersfoort" else 0, ["day_care", "toddler_group"], 0, 48,
                preset == "amersfoort", "group_visit" if i % 7 == 6 else "case", preset == "hoogeveen",
                preset != "amsterdam", ["guardians", "childcare_worker", "specialist"], True,
                3 if preset == "hoogeveen" else None, 4 if preset == "amsterdam" else 0,
                ["specialist", "youth_nurse"], "", 2, "provider_queue" if preset == "amsterdam" else "fixed_contact",
                False, 365,
            ])
        self.copy.flush()

        # Care providers and youth health services each serve a region of municipalities.
        n_prov = max(2, len(self.municipalities) // 3)
        n_yhs = max(1, len(self.municipalities) // 14)
        self.providers = list(self.next_ids(CareProvider, n_prov))
        self.yhs = list(self.next_ids(YouthHealthService, n_yhs))
        for i, pid in enumerate(self.providers):
            self.copy.row(CareProvider, ["id", "name"], [pid, f"Zorgaanbieder {i + 1:03d} {tag}"])
        for i, yid in enumerate(self.yhs):
            self.copy.row(YouthHealthService, ["id", "name"], [yid, f"GGD regio {i + 1:02d} {tag}"])
        self.copy.flush()
        self.mun_providers, self.mun_yhs = {}, {}
        through_p = CareProvider.municipalities.through
        through_y = YouthHealthService.municipalities.through
        for i, mid in enumerate(self.municipalities):
            provs = {self.providers[i % n_prov]}
            if i < 10 or self.rng.random() < 0.3:
                provs.add(self.providers[(i + 1) % n_prov])
            self.mun_providers[mid] = sorted(provs)
            self.mun_yhs[mid] = self.yhs[i % n_yhs]
            for pid in sorted(provs):
                self.copy.row(through_p, ["careprovider_id", "municipality_id"], [pid, mid])
            self.copy.row(through_y, ["youthhealthservice_id", "municipality_id"], [self.mun_yhs[mid], mid])

        # Districts, childcare organisations (a few national chains, many small ones), locations, groups.
        self.districts = {}
        self.district_mun = {}
        for mid, locs in zip(self.municipalities, loc_per_mun, strict=True):
            k = max(1, min(30, round(locs / 8)))
            ids = list(self.next_ids(District, k))
            self.districts[mid] = ids
            for j, did in enumerate(ids):
                self.district_mun[did] = mid
                self.copy.row(District, ["id", "municipality_id", "name"], [did, mid, f"Wijk {j + 1}"])
        n_org = max(2, n["locations"] // 10)
        orgs = list(self.next_ids(ChildcareOrganisation, n_org))
        for i, oid in enumerate(orgs):
            self.copy.row(ChildcareOrganisation, ["id", "name"], [oid, f"Kinderopvang {i + 1:04d} {tag}"])
        org_weights = [1 / (i + 1) for i in range(n_org)]
        self.copy.flush()

        self.locations = []  # (id, municipality, district, organisation)
        loc_cols = self.cols(Location, ["id", "organisation", "district", "name", "kind", "lrk_number",
                                        "street_address"])
        lrk_base = self.rng.randrange(100_000_000, 800_000_000)
        for mid, locs in zip(self.municipalities, loc_per_mun, strict=True):
            for lid in self.next_ids(Location, locs):
                did = self.rng.choice(self.districts[mid])
                oid = self.rng.choices(orgs, org_weights)[0]
                kind = self.rng.choices(["day_care", "toddler_group", "out_of_school_care"], [6, 2, 2])[0]
                self.locations.append((lid, mid, did, oid, kind))
                self.copy.row(Location, loc_cols, [lid, oid, did, f"Locatie {lid}", kind,
                                                   f"{lrk_base + lid:09d}", f"Straat {lid % 300 + 1}"])
        self.copy.flush()
        grp_cols = self.cols(Group, ["id", "location", "name", "kind", "min_age_months", "max_age_months"])
        self.groups = []  # (id, location index, min, max)
        per_loc = _split(n["groups"], [1.0] * len(self.locations), minimum=1)
        for li, ((lid, _mid, _did, _oid, kind), k) in enumerate(zip(self.locations, per_loc, strict=True)):
            for j, gid in enumerate(self.next_ids(Group, k)):
                lo, hi = {"day_care": (0, 48), "toddler_group": (24, 48), "out_of_school_care": (48, 143)}[kind]
                if kind == "day_care" and j % 2:
                    lo, hi = (0, 24)
                self.groups.append((gid, li, lo, hi))
                self.copy.row(Group, grp_cols, [gid, lid, f"Groep {j + 1}", "vve" if j % 4 == 3 else "regular",
                                                lo, hi])
        self.copy.flush()
        self.loc_groups = {}
        for gi, (_gid, li, _lo, _hi) in enumerate(self.groups):
            self.loc_groups.setdefault(li, []).append(gi)
        self.mun_locations = {}
        for li, loc in enumerate(self.locations):
            self.mun_locations.setdefault(loc[1], []).append(li)

    # -- people ---------------------------------------------------------------------------------
    def people(self):
        from accounts.models import Membership, Role, User

        password = make_password(PASSWORD)
        user_cols = ["id", "password", "last_login", "is_superuser", "username", "first_name", "last_name", "email",
                     "is_staff", "is_active", "date_joined"]
        mem_fields = ["id", "user", "role", "location", "care_provider", "youth_health_service", "municipality",
                      "childcare_organisation", "is_planner", "active", "created_at"]
        mem_cols = self.cols(Membership, mem_fields)
        self.user_names = {}

        def user(username):
            uid = self.new_id(User)
            first, last = self.name()
            self.user_names[uid] = f"{first} {last}"
            self.copy.row(User, user_cols, [uid, password, None, False, username, first, last,
                                            f"{username}@bench.invalid", False, True, self.now])
            return uid

        def membership(uid, role, *, location=None, provider=None, yhs=None, municipality=None, org=None,
                       planner=False):
            mid = self.new_id(Membership)
            self.copy.row(Membership, mem_cols, [mid, uid, role, location, provider, yhs, municipality, org, planner,
                                                 True, self.now])
            return mid

        self.memberships = {}
        self.pmers = {}  # location index -> user id
        for li, (lid, *_rest) in enumerate(self.locations):
            uid = user(f"pm.{lid}")
            self.memberships[uid] = (membership(uid, Role.CHILDCARE_WORKER, location=lid), Role.CHILDCARE_WORKER)
            self.pmers[li] = uid
        self.specialists = {}
        self.planners = {}
        for pid in self.providers:
            served = sum(len(self.mun_locations[m]) for m in self.municipalities if pid in self.mun_providers[m])
            ids = []
            for j in range(max(2, served // 10)):
                uid = user(f"sp.{pid}.{j}")
                self.memberships[uid] = (membership(uid, Role.SPECIALIST, provider=pid, planner=j == 0),
                                         Role.SPECIALIST)
                ids.append(uid)
            self.specialists[pid] = ids
            self.planners[pid] = ids[0]
        self.nurses = {}
        for yid in self.yhs:
            served = sum(len(self.mun_locations[m]) for m in self.municipalities if self.mun_yhs[m] == yid)
            self.nurses[yid] = []
            for j in range(max(1, served // 15)):
                uid = user(f"jv.{yid}.{j}")
                self.memberships[uid] = (membership(uid, Role.YOUTH_NURSE, yhs=yid), Role.YOUTH_NURSE)
                self.nurses[yid].append(uid)
        self.coordinators = {}
        for mid in self.municipalities:
            uid = user(f"co.{mid}")
            self.memberships[uid] = (membership(uid, Role.COORDINATOR, municipality=mid), Role.COORDINATOR)
            self.coordinators[mid] = uid
            uid = user(f"po.{mid}")
            self.memberships[uid] = (membership(uid, Role.PRIVACY_OFFICER, municipality=mid), Role.PRIVACY_OFFICER)
        self.copy.flush()
        # A pm'er works with the groups of her location.
        through = Membership.groups.through
        for li, uid in self.pmers.items():
            for gi in self.loc_groups.get(li, []):
                self.copy.row(through, ["membership_id", "group_id"], [self.memberships[uid][0], self.groups[gi][0]])
        self.copy.flush()

    # -- children and guardians -----------------------------------------------------------------
    def children(self):
        from children.models import Child, Guardian

        n = self.n["children"]
        self.say(f"children: {n}")
        child_cols = self.cols(Child, ["id", "first_name", "last_name", "date_of_birth", "group", "created_at",
                                       "updated_at"])
        g_cols = self.cols(Guardian, ["id", "child", "name", "relation", "has_parental_authority",
                                      "preferred_language", "email", "phone"])
        # Children follow the locations' weight: groups of large municipalities are as full as small ones.
        self.child_ids = list(self.next_ids(Child, n))
        self.child_group = []  # group index per child
        self.child_dob = []
        self.child_guardians = []
        langs = ["nl"] * 16 + ["en", "ar", "tr", "pl", "uk"]
        group_count = len(self.groups)
        for i, cid in enumerate(self.child_ids):
            gi = i % group_count if i < group_count else self.rng.randrange(group_count)
            _gid, _li, lo, hi = self.groups[gi]
            age_days = self.rng.randint(lo * 30 + 10, hi * 30 + 20)
            dob = self.today - timedelta(days=age_days)
            first, last = self.name()
            self.child_group.append(gi)
            self.child_dob.append(dob)
            self.copy.row(Child, child_cols, [cid, first, last, dob, self.groups[gi][0], self.now, self.now])
            k = 2 if self.rng.random() < 0.7 else 1
            gids = list(self.next_ids(Guardian, k))
            self.child_guardians.append(gids)
            for j, gid in enumerate(gids):
                gfirst, _ = self.name()
                self.copy.row(Guardian, g_cols, [gid, cid, f"{gfirst} {last}", ["mother", "father"][j], True,
                                                 self.rng.choice(langs), f"ouder{gid}@bench.invalid", ""])
        self.copy.flush()

    # -- cases, consent, visits, advice ---------------------------------------------------------
    def _mun_of_group(self, gi):
        return self.locations[self.groups[gi][1]][1]

    def cases(self):
        from casework.models import CaseOutcome, CaseState

        S = CaseState
        n = self.n["cases"]
        self.say(f"cases: {n}")
        self._prepare_case_tables()
        individual_path = [S.SUBMITTED, S.AWAITING_CONSENT, S.READY_TO_PLAN, S.PLANNED, S.OBSERVED, S.ADVISED,
                           S.FOLLOW_UP]
        individual_states = [(S.SUBMITTED, 5), (S.AWAITING_CONSENT, 8), (S.READY_TO_PLAN, 7), (S.PLANNED, 8),
                             (S.OBSERVED, 7), (S.ADVISED, 10), (S.FOLLOW_UP, 8), (S.CLOSED, 47)]
        group_states = [(S.SUBMITTED, 15), (S.PLANNED, 20), (S.VISITED, 15), (S.CLOSED, 50)]
        ind_outcomes = [(CaseOutcome.RESOLVED, 40), (CaseOutcome.REFERRED, 15), (CaseOutcome.HANDED_OVER, 10),
                        (CaseOutcome.GUARDIANS_DECLINED, 10), (CaseOutcome.CHILD_LEFT, 10),
                        (CaseOutcome.CANCELLED, 15)]
        self.case_visit_count = 0
        for _ in range(n):
            if self.rng.random() < 0.8:
                ci = self.rng.randrange(len(self.child_ids))
                gi = self.child_group[ci]
                state = self.rng.choices(*zip(*individual_states, strict=True))[0]
                outcome = ""
                if state == S.CLOSED:
                    outcome = self.rng.choices(*zip(*ind_outcomes, strict=True))[0]
                    if outcome in (CaseOutcome.RESOLVED, CaseOutcome.REFERRED, CaseOutcome.HANDED_OVER):
                        path = individual_path[:self.rng.choice([6, 7])]
                    else:
                        path = individual_path[:self.rng.randint(1, 7)]
                else:
                    path = individual_path[:individual_path.index(state) + 1]
                self.case_individual(ci, gi, path, state, outcome)
            else:
                gi = self.rng.randrange(len(self.groups))
                state = self.rng.choices(*zip(*group_states, strict=True))[0]
                self.case_group(gi, state)
        self.copy.flush()

    def _prepare_case_tables(self):
        from casework.models import Case, CaseEvent, CaseMessage, ObservationRequest
        from consent.models import Consent, ConsentEvent, ConsentRequest, PaperConsent, PaperConsentScope
        from observations.models import Advice, Visit, VisitHours

        self.M = {"Case": Case, "CaseEvent": CaseEvent, "ObservationRequest": ObservationRequest,
                  "Consent": Consent, "ConsentEvent": ConsentEvent, "ConsentRequest": ConsentRequest,
                  "PaperConsent": PaperConsent, "PaperConsentScope": PaperConsentScope, "Visit": Visit,
                  "VisitHours": VisitHours, "Advice": Advice, "CaseMessage": CaseMessage}
        self.C = {
            "request": self.cols(ObservationRequest, ["id", "location", "group", "subject", "kind", "question",
                                                      "already_tried", "urgency", "became_group_visit",
                                                      "requested_by", "created_at"]),
            "case": self.cols(Case, ["id", "request", "kind", "child", "state", "outcome", "care_provider",
                                     "assigned_to", "nurse", "due_date", "follow_ups", "opened_at", "closed_at"]),
            "event": self.cols(CaseEvent, ["id", "case", "kind", "by", "at", "from_state", "to_state", "data"]),
            "consent": self.cols(Consent, ["id", "child", "purpose", "party", "signers_required", "channel",
                                           "request", "paper", "created_at"]),
            "cevent": self.cols(ConsentEvent, ["id", "consent", "kind", "at", "channel", "guardian", "signer_name",
                                               "signer_relation", "signer_key", "other_guardian_agrees",
                                               "valid_until", "text", "text_version", "text_language",
                                               "text_sha256", "ip_address", "user_agent", "recorded_by"]),
            "crequest": self.cols(ConsentRequest, ["id", "child", "guardian", "purposes", "parties", "created_by",
                                                   "created_at", "short_code"]),
            "paper": self.cols(PaperConsent, ["id", "child", "signed_by", "relation", "other_guardian_agrees",
                                              "co_signed_by", "co_relation", "signed_on", "valid_until", "scan",
                                              "recorded_by", "recorded_at", "withdrawn_at"]),
            "visit": self.cols(Visit, ["id", "case", "kind", "status", "location", "group", "starts_at", "place",
                                       "participants", "participant_names", "video_used", "notes", "planned_by",
                                       "recorded_by", "created_at"]),
            "hours": self.cols(VisitHours, ["id", "visit", "professional", "care_provider", "youth_health_service",
                                            "district", "hours"]),
            "advice": self.cols(Advice, ["id", "case", "visit", "target", "category", "text", "given_by", "given_at",
                                         "tried", "worked", "remark", "follow_up_remark", "evaluated_by",
                                         "evaluated_at"]),
            "message": self.cols(CaseMessage, ["id", "case", "author", "body", "at"]),
        }

    def _event(self, case_id, kind, by, at, from_state="", to_state="", data=None):
        eid = self.new_id(self.M["CaseEvent"])
        self.copy.row(self.M["CaseEvent"], self.C["event"], [eid, case_id, kind, by, at, from_state, to_state,
                                                             data or {}])

    def _request(self, gi, subject, by, at, group_visit=False):
        rid = self.new_id(self.M["ObservationRequest"])
        lid = self.locations[self.groups[gi][1]][0]
        self.copy.row(self.M["ObservationRequest"], self.C["request"], [
            rid, lid, self.groups[gi][0], subject,
            self.rng.choice(["behaviour", "group_processes", "parents", "development"]),
            "Hoe gaan we om met wat we in de groep zien? " * self.rng.randint(1, 4),
            "We hebben al extra aandacht gegeven.", self.rng.choice(["normal", "normal", "soon", "urgent"]),
            group_visit, by, at])
        return rid

    def _staff_for(self, gi):
        li = self.groups[gi][1]
        mid = self.locations[li][1]
        pid = self.rng.choice(self.mun_providers[mid])
        return li, mid, pid, self.rng.choice(self.specialists[pid]), self.rng.choice(self.nurses[self.mun_yhs[mid]])

    def case_individual(self, ci, gi, path, state, outcome, *, specialist=None, pmer=None, long=False):
        from casework.models import CaseState as S

        li, mid, pid, spec, nurse = self._staff_for(gi)
        if specialist:
            spec, pid = specialist, self.mun_providers[mid][0]
        pmer = pmer or self.pmers[li]
        opened = self.ago(3 * 365, 20) if not long else self.now - timedelta(days=400)
        rid = self._request(gi, "child", pmer, opened)
        case_id = self.new_id(self.M["Case"])
        assigned = spec if state != S.SUBMITTED or self.rng.random() < 0.5 else None
        with_nurse = nurse if self.rng.random() < 0.2 or long else None
        at = opened
        step = timedelta(days=3)
        self._event(case_id, "submitted", pmer, at, "", S.SUBMITTED)
        if assigned:
            self._event(case_id, "assigned", assigned, at + timedelta(hours=2), data={"to": assigned})
        if with_nurse:
            self._event(case_id, "nurse_attached", assigned, at + timedelta(hours=3), data={"nurse": with_nurse})
        names = {S.AWAITING_CONSENT: "request_consent", S.READY_TO_PLAN: "consent_recorded", S.PLANNED: "plan",
                 S.OBSERVED: "observe", S.ADVISED: "advise", S.FOLLOW_UP: "follow_up"}
        for before, after in zip(path, path[1:], strict=False):
            at += step
            self._event(case_id, names[after], assigned or pmer, at, before, after)
        follow_ups = 0
        if path[-1] == S.FOLLOW_UP:
            follow_ups = 1 + (self.rng.random() < 0.3)
        closed_at = None
        if state == S.CLOSED:
            at += step
            closed_at = min(at, self.now)
            kind = {"resolved": "close_resolved", "referred": "close_referred", "handed_over": "close_handed_over",
                    "guardians_declined": "guardians_declined", "child_left": "child_left",
                    "cancelled": "cancel"}[outcome]
            self._event(case_id, kind, assigned or pmer, closed_at, path[-1], S.CLOSED, {"outcome": outcome})
        # The consent log matches the state: asked from "awaiting consent", given from "ready to plan",
        # refused when the guardians declined, withdrawn or run out for some closed cases.
        reached = len(path) >= 3
        asked = len(path) >= 2
        if asked or outcome == "guardians_declined":
            ending = None
            if outcome == "guardians_declined":
                ending = "refused"
            elif state == S.CLOSED and reached and self.rng.random() < 0.25:
                ending = self.rng.choice(["withdrawn", "expired"])
            for party, who in (("specialist", spec), ("youth_nurse", with_nurse)):
                if who is None and party == "youth_nurse":
                    continue
                given = reached and ending != "refused"
                self._consent(ci, "observation", party, opened + timedelta(days=2), given=given, ending=ending,
                              by=pmer, long=long)
        # Visits, hours and advice as far as the case got.
        visits = []
        did = self.locations[li][2]
        if S.PLANNED in path:
            status = "planned" if path[-1] == S.PLANNED and state != S.CLOSED else "held"
            starts = opened + timedelta(days=10)
            if status == "planned":
                starts = self.now + timedelta(days=self.rng.randint(1, 30))
            visits.append(self._visit(case_id, "observation", status, li, gi, starts, spec, pid, None, did))
        if S.ADVISED in path:
            visits.append(self._visit(case_id, "review_talk", "held", li, gi, opened + timedelta(days=20), spec,
                                      pid, None, did))
        for k in range(follow_ups):
            visits.append(self._visit(case_id, "follow_up", "held", li, gi, opened + timedelta(days=30 + 7 * k),
                                      spec, pid, None, did))
        if long:
            for k in range(40):
                visits.append(self._visit(case_id, self.rng.choice(["follow_up", "home_visit", "observation"]),
                                          "held", li, gi, opened + timedelta(days=40 + 8 * k), spec, pid, None, did,
                                          nurse=with_nurse))
                self._event(case_id, "follow_up", spec, opened + timedelta(days=40 + 8 * k), S.FOLLOW_UP,
                            S.FOLLOW_UP)
            follow_ups += 40
            for k in range(LONG_TIMELINE_EVENTS - 45):
                self._event(case_id, "paper_consent" if k % 10 == 0 else "assigned", spec,
                            opened + timedelta(days=1, minutes=k), data={"to": spec})
            for k in range(30):
                mid_ = self.new_id(self.M["CaseMessage"])
                self.copy.row(self.M["CaseMessage"], self.C["message"], [
                    mid_, case_id, self.rng.choice([spec, pmer]), f"Bericht {k + 1}: hoe gaat het nu?",
                    opened + timedelta(days=5 + 10 * k)])
        if S.ADVISED in path and visits:
            for _ in range(self.rng.randint(1, 3) if not long else 30):
                self._advice(case_id, visits[0], spec, pmer, opened + timedelta(days=20))
        self.copy.row(self.M["Case"], self.C["case"], [
            case_id, rid, "individual", self.child_ids[ci], state, outcome, pid, assigned, with_nurse,
            (opened + timedelta(days=42)).date(), follow_ups, opened, closed_at])
        return case_id

    def case_group(self, gi, state):
        from casework.models import CaseState as S

        li, mid, pid, spec, _nurse = self._staff_for(gi)
        pmer = self.pmers[li]
        opened = self.ago(3 * 365, 20)
        group_visit = self.rng.random() < 0.3
        rid = self._request(gi, "child" if group_visit else "group", pmer, opened, group_visit)
        case_id = self.new_id(self.M["Case"])
        assigned = spec if state != S.SUBMITTED else None
        self._event(case_id, "submitted", pmer, opened, "", S.SUBMITTED)
        if assigned:
            self._event(case_id, "assigned", assigned, opened + timedelta(hours=1), data={"to": assigned})
        outcome, closed_at = "", None
        did = self.locations[li][2]
        if state in (S.PLANNED, S.VISITED, S.CLOSED):
            self._event(case_id, "plan_visit", assigned or pmer, opened + timedelta(days=3), S.SUBMITTED, S.PLANNED)
            held = state != S.PLANNED
            starts = opened + timedelta(days=14) if held else self.now + timedelta(days=self.rng.randint(1, 30))
            visit = self._visit(case_id, "group_visit", "held" if held else "planned", li, gi, starts,
                                assigned or spec, pid, None, did)
            if held:
                self._event(case_id, "visit_held", assigned or spec, starts, S.PLANNED, S.VISITED)
                self._advice(case_id, visit, assigned or spec, pmer, starts)
        if state == S.CLOSED:
            outcome = "resolved" if self.rng.random() < 0.8 else "cancelled"
            closed_at = min(opened + timedelta(days=30), self.now)
            self._event(case_id, "close_group" if outcome == "resolved" else "cancel_group", assigned or pmer,
                        closed_at, S.VISITED if outcome == "resolved" else S.SUBMITTED, S.CLOSED,
                        {"outcome": outcome})
            if outcome == "cancelled" and not assigned:
                pass
        self.copy.row(self.M["Case"], self.C["case"], [
            case_id, rid, "group", None, state, outcome, pid, assigned, None, (opened + timedelta(days=42)).date(),
            0, opened, closed_at])

    def _visit(self, case_id, kind, status, li, gi, starts, professional, pid, yid, did, nurse=None):
        vid = self.new_id(self.M["Visit"])
        self.case_visit_count += 1
        held = status == "held"
        self.copy.row(self.M["Visit"], self.C["visit"], [
            vid, case_id, kind, status, self.locations[li][0], self.groups[gi][0], starts, "",
            ["childcare_worker", "specialist"], "", False, "Waargenomen in de groep." if held else "",
            professional, professional if held else None, starts - timedelta(days=7)])
        if held:
            self._hours(vid, professional, pid, yid, did)
            if nurse:
                self._hours(vid, nurse, None, self.mun_yhs[self.district_mun[did]], did)
        return vid

    def _hours(self, vid, professional, pid, yid, did):
        hid = self.new_id(self.M["VisitHours"])
        hours = Decimal(self.rng.choice(["0.50", "1.00", "1.50", "2.00", "3.00"]))
        self.copy.row(self.M["VisitHours"], self.C["hours"], [hid, vid, professional, pid, yid, did, hours])

    def _advice(self, case_id, vid, by, pmer, at):
        aid = self.new_id(self.M["Advice"])
        evaluated = self.rng.random() < 0.6
        tried = self.rng.choice(["tried", "not_tried"]) if evaluated else ""
        worked = self.rng.choice(["worked", "partly", "not"]) if tried == "tried" else ""
        self.copy.row(self.M["Advice"], self.C["advice"], [
            aid, case_id, vid, self.rng.choice(["childcare_worker", "group", "guardian"]),
            self.rng.choice(["group_dynamics", "day_programme", "room", "child_approach", "guardian_talk"]),
            "Geef het kind een vaste plek aan tafel en kondig overgangen aan.", by, at, tried, worked,
            "Werkt beter dan eerst." if evaluated else "", "", pmer if evaluated else None,
            at + timedelta(days=14) if evaluated else None])

    def _consent(self, ci, purpose, party, at, *, given, ending, by, long=False):
        """One consent with its log; `ending` is refused, withdrawn, expired or None."""
        M, C = self.M, self.C
        child = self.child_ids[ci]
        guardians = self.child_guardians[ci]
        online = long or self.rng.random() < 0.6
        request = paper = None
        cid = self.new_id(M["Consent"])
        if online:
            request = self.new_id(M["ConsentRequest"])
            self.copy.row(M["ConsentRequest"], C["crequest"], [request, child, guardians[0], [purpose], [party], by,
                                                               at, None])
        else:
            paper = self.new_id(M["PaperConsent"])
            valid = (at + timedelta(days=365)).date()
            self.copy.row(M["PaperConsent"], C["paper"], [
                paper, child, "Ouder van het kind", "mother", len(guardians) > 1, "", "", at.date(), valid,
                "consent/bench-scan.pdf", by, at, None])
            self.copy.row(M["PaperConsentScope"], ["consent_id", "purpose", "party"], [paper, purpose, party])
        channel = "online" if online else "paper"
        self.copy.row(M["Consent"], C["consent"], [cid, child, purpose, party, 1, channel, request, paper, at])

        def event(kind, when, valid_until=None, signer=""):
            eid = self.new_id(M["ConsentEvent"])
            self.copy.row(M["ConsentEvent"], C["cevent"], [
                eid, cid, kind, when, channel, guardians[0] if online and kind != "asked" else None,
                "Ouder van het kind" if signer else "", "mother" if signer else "", signer, False, valid_until,
                None, None, "", "", None, "", by if not online else None])

        event("asked", at)
        if ending == "refused":
            event("refused", at + timedelta(days=1), signer=f"guardian:{guardians[0]}")
            return
        if not given:
            return
        signer = f"guardian:{guardians[0]}" if online else "name:ouder van het kind"
        given_at = at + timedelta(days=1)
        valid_until = (given_at + timedelta(days=365)).date()
        if long:
            valid_until = self.today + timedelta(days=300)
        elif ending is None and valid_until < self.today:
            # Still-open cases keep a current consent: it was renewed (a second, later signature).
            valid_until = self.today + timedelta(days=self.rng.randint(30, 300))
        event("given", given_at, valid_until, signer)
        if ending == "withdrawn":
            event("withdrawn", given_at + timedelta(days=30), signer=signer)
        elif ending == "expired":
            event("expired", given_at + timedelta(days=365))

    # -- preventive visits and the municipal calendar -------------------------------------------
    def preventive_visits(self):
        from scheduling.models import HalfYearPlan, ScheduledVisit

        n = max(0, self.n["visits"] - self.case_visit_count)
        self.say(f"preventive visits and walk-in hours: {n}")
        sv_cols = self.cols(ScheduledVisit, ["id", "plan", "kind", "location", "group", "professional", "starts_at",
                                             "expected_hours", "care_provider", "youth_health_service", "visit"])
        plan_cols = self.cols(HalfYearPlan, ["id", "municipality", "year", "half", "status", "unplaced",
                                             "requested_by", "requested_at", "proposed_at", "published_at"])
        plans = {}
        for mid in self.municipalities:
            for year in range(self.today.year - 2, self.today.year + 1):
                for half in (1, 2):
                    pid = self.new_id(HalfYearPlan)
                    plans[(mid, year, half)] = pid
                    start = datetime(year, 1 if half == 1 else 7, 1, tzinfo=timezone.get_current_timezone())
                    at = start - timedelta(days=30)
                    self.copy.row(HalfYearPlan, plan_cols, [pid, mid, year, half, "published", [],
                                                            self.coordinators[mid], at, at, at])
        self.copy.flush()
        weights = [self.mun_weights[self.municipalities.index(loc[1])] for loc in self.locations] \
            if len(self.locations) < 2000 else None
        for _ in range(n):
            li = self.rng.randrange(len(self.locations)) if weights is None else self.rng.choices(
                range(len(self.locations)), weights)[0]
            lid, mid, did, _oid, _kind = self.locations[li]
            gi = self.rng.choice(self.loc_groups[li])
            walk_in = self.rng.random() < 0.15
            starts = self.now + timedelta(days=self.rng.uniform(-2 * 365 - 150, 150))
            starts = starts.replace(hour=self.rng.choice([9, 10, 13, 14]), minute=0, second=0)
            if walk_in:
                yid = self.mun_yhs[mid]
                prof, pid = self.rng.choice(self.nurses[yid]), None
            else:
                pid = self.rng.choice(self.mun_providers[mid])
                prof, yid = self.rng.choice(self.specialists[pid]), None
            held = starts < self.now
            vid = self.new_id(self.M["Visit"])
            self.copy.row(self.M["Visit"], self.C["visit"], [
                vid, None, "walk_in_hour" if walk_in else "preventive_visit", "held" if held else "planned", lid,
                None if walk_in else self.groups[gi][0], starts, "", [], "", False, "", prof,
                prof if held else None, starts - timedelta(days=60)])
            if held:
                self._hours(vid, prof, pid, yid, did)
            local = timezone.localtime(starts)
            plan = plans.get((mid, local.year, 1 if local.month <= 6 else 2))
            self.copy.row(ScheduledVisit, sv_cols, [
                self.new_id(ScheduledVisit), plan, "walk_in_hour" if walk_in else "preventive_visit", lid,
                None if walk_in else self.groups[gi][0], prof, starts, Decimal("1.50"), pid, yid, vid])
        self.copy.flush()

    def budgets(self):
        from scheduling.models import Availability, HourBudget

        cols = self.cols(HourBudget, ["id", "district", "care_provider", "youth_health_service", "year", "hours"])
        for mid in self.municipalities:
            for did in self.districts[mid]:
                for year in range(self.today.year - 2, self.today.year + 1):
                    for pid in self.mun_providers[mid]:
                        self.copy.row(HourBudget, cols, [self.new_id(HourBudget), did, pid, None, year,
                                                         Decimal(self.rng.randrange(100, 2000))])
                    self.copy.row(HourBudget, cols, [self.new_id(HourBudget), did, None, self.mun_yhs[mid], year,
                                                     Decimal(self.rng.randrange(50, 800))])
        for ids in list(self.specialists.values()) + list(self.nurses.values()):
            for uid in ids:
                self.copy.row(Availability, ["id", "professional_id", "weekdays"],
                              [self.new_id(Availability), uid, [0, 1, 2, 3]])
        self.copy.flush()

    # -- reminders and notifications --------------------------------------------------------------
    def outbox(self):
        from notifications.models import Notification, Outbox

        n = self.n["outbox"]
        self.say(f"outbox rows: {n}")
        o_cols = self.cols(Outbox, ["id", "kind", "content_type", "object_id", "object_key", "recipient", "due_at",
                                    "about_at", "url", "state", "claimed_at", "attempts", "next_attempt_at",
                                    "message_id", "emailed_at", "sent_at", "last_error", "created_at"])
        n_cols = self.cols(Notification, ["id", "outbox", "recipient", "kind", "url", "about_at", "created_at",
                                          "read_at"])
        recipients = [u for ids in self.specialists.values() for u in ids] + list(self.pmers.values())
        for i in range(n):
            oid = self.new_id(Outbox)
            recipient = self.rng.choice(recipients)
            kind = self.rng.choice(["visit_tomorrow", "advice_evaluation_due", "case_news", "consent_pending"])
            # Mostly history (sent); a share not yet due (future), which the sweep must not even read.
            future = self.rng.random() < 0.15
            due = self.now + timedelta(days=self.rng.uniform(1, 60)) if future else self.ago(700)
            state = "pending" if future else self.rng.choices(["sent", "stale", "withdrawn"], [90, 7, 3])[0]
            sent = due + timedelta(minutes=1) if state == "sent" else None
            self.copy.row(Outbox, o_cols, [oid, kind, None, None, f"bench:{i}", recipient, due, due, "/", state,
                                           sent, 1 if sent else 0, None, "", sent, sent, "", due - timedelta(days=1)])
            if state == "sent":
                self.copy.row(Notification, n_cols, [self.new_id(Notification), oid, recipient, kind, "/", due, sent,
                                                     sent if self.rng.random() < 0.7 else None])
        self.copy.flush()

    # -- surveys ---------------------------------------------------------------------------------
    def surveys(self):
        from surveys.models import Answer, Question, Questionnaire, Response, SurveyRound

        latest = {}
        for q in Questionnaire.objects.order_by("key", "version"):
            latest[q.key] = q
        if not latest:
            return
        questions = {}
        for question in Question.objects.filter(questionnaire__in=latest.values()):
            questions.setdefault(question.questionnaire_id, []).append(question)
        r_cols = self.cols(SurveyRound, ["id", "title", "status", "opened_at", "closes_on", "reminder_days",
                                         "opened_by", "base_url"])
        resp_cols = self.cols(Response, ["id", "round", "questionnaire", "municipality", "key_hash", "started_on",
                                         "submitted_on", "last_section"])
        a_cols = self.cols(Answer, ["id", "response", "question", "value", "values", "text"])
        n_rounds = max(1, len(self.municipalities) // 20)
        per_round = _split(self.n["responses"], [1.0] * n_rounds, minimum=5)
        self.rounds = []
        for r in range(n_rounds):
            rid = self.new_id(SurveyRound)
            self.rounds.append(rid)
            opened = self.now - timedelta(days=60 + 30 * r)
            self.copy.row(SurveyRound, r_cols, [rid, f"Meting {r + 1}", "closed" if r else "open", opened,
                                                (opened + timedelta(days=90)).date(), [7, 14], None, ""])
        self.copy.flush()
        round_muns = {rid: [m for j, m in enumerate(self.municipalities) if j % n_rounds == r]
                      for r, rid in enumerate(self.rounds)}
        for rid in self.rounds:
            for mid in round_muns[rid]:
                self.copy.row(SurveyRound.municipalities.through, ["surveyround_id", "municipality_id"], [rid, mid])
            for q in latest.values():
                self.copy.row(SurveyRound.questionnaires.through, ["surveyround_id", "questionnaire_id"], [rid, q.pk])
        self.copy.flush()
        for rid, k in zip(self.rounds, per_round, strict=True):
            for _ in range(k):
                q = self.rng.choice(list(latest.values()))
                resp = self.new_id(Response)
                day = (self.now - timedelta(days=self.rng.randint(1, 50))).date()
                self.copy.row(Response, resp_cols, [resp, rid, q.pk, self.rng.choice(round_muns[rid]), None, day, day,
                                                    99])
                for question in questions.get(q.pk, []):
                    value, values, text = "", [], ""
                    options = [o["value"] for o in question.options]
                    if question.kind == "text":
                        text = "Prettig contact." if self.rng.random() < 0.3 else ""
                    elif question.kind == "multi" and options:
                        values = self.rng.sample(options, min(len(options), self.rng.randint(1, 2)))
                    elif options:
                        value = str(self.rng.choice(options))
                    self.copy.row(Answer, a_cols, [self.new_id(Answer), resp, question.pk, value, values, text])
        self.copy.flush()

    # -- the access log --------------------------------------------------------------------------
    def audit(self):
        """The access log, generated inside PostgreSQL (INSERT ... SELECT over generate_series): at 20
        million rows a row-by-row client would take most of the load's time. Views of children by the
        memberships made above, over the last two years, each with the child's municipality."""
        from accounts.models import Membership
        from audit.models import AuditEvent

        n = self.n["audit"]
        self.say(f"audit rows: {n}")
        span = 24 * 30 * 86400
        base = self.now - timedelta(seconds=span)
        try:
            # Where the audit table is partitioned by month: make the months first, so rows land in
            # their month's partition and not in the default one.
            from audit.partitions import partitions_ensure
        except ImportError:
            partitions_ensure = None
        if partitions_ensure is not None:
            partitions_ensure(start=base.date())
        self.copy.flush()
        names = ["at", "actor_id", "actor_name", "role", "organisation", "membership_id", "child_id",
                 "municipality_id", "object_type", "object_id", "action", "part", "basis", "basis_ref",
                 "status_code", "ip_address", "user_agent", "path"]
        cols = self.cols(AuditEvent, names)
        extra = self.copy._filled(AuditEvent, [*cols, "id"])
        memberships = sorted(m for m, _role in self.memberships.values())
        assert memberships == list(range(memberships[0], memberships[0] + len(memberships)))
        sql = f"""
            INSERT INTO {AuditEvent._meta.db_table} ({", ".join(f'"{c}"' for c in [*cols, *(c for c, _ in extra)])})
            SELECT %(base)s::timestamptz + (random() * %(span)s) * interval '1 second',
                   m.user_id, u.first_name || ' ' || u.last_name, m.role, '', m.id,
                   c.id, d.municipality_id, 'children.child', c.id::text, 'view',
                   (ARRAY['profile', 'case', 'visit', 'advice', 'consent', 'list'])[1 + s.i %% 6],
                   'membership', 'membership:' || m.id, 200, '127.0.0.1', 'bench', '/children/' || c.id || '/'
                   {"".join(f", %(e{k})s" for k in range(len(extra)))}
            FROM generate_series(%(first)s, %(last)s) AS s(i)
            JOIN children_child c ON c.id = %(c0)s + (s.i::bigint * 7919) %% %(nc)s
            JOIN organisations_group g ON g.id = c.group_id
            JOIN organisations_location l ON l.id = g.location_id
            JOIN organisations_district d ON d.id = l.district_id
            JOIN {Membership._meta.db_table} m ON m.id = %(m0)s + (s.i::bigint * 104729) %% %(nm)s
            JOIN accounts_user u ON u.id = m.user_id
        """  # noqa: S608 (table and column names of our own models; values are parameters)
        params = {"base": base, "span": span, "c0": self.child_ids[0], "nc": len(self.child_ids),
                  "m0": memberships[0], "nm": len(memberships)}
        for k, (_column, value) in enumerate(extra):
            params[f"e{k}"] = Json(value) if isinstance(value, dict | list) else value
        with connection.cursor() as cursor:
            cursor.execute("SELECT setseed(%s)", [self.rng.random() * 2 - 1])
            for first in range(0, n, 1_000_000):
                params.update(first=first, last=min(n, first + 1_000_000) - 1)
                cursor.execute(sql, params)
        self.counts.add(AuditEvent._meta.db_table, n)

    # -- the identities the benchmark logs in as --------------------------------------------------
    def identities(self):
        """bench.<role> users in the largest municipality, each with a TOTP device, and a case with a
        long timeline assigned to bench.specialist at bench.pmer's location."""
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from accounts.models import Membership, Role, User
        from casework.models import CaseState

        mid = self.municipalities[0]
        li = self.mun_locations[mid][0]
        lid = self.locations[li][0]
        pid = self.mun_providers[mid][0]
        yid = self.mun_yhs[mid]

        def bench_user(role_name):
            user = User.objects.filter(username=f"bench.{role_name}").first()
            if user is None:
                user = User.objects.create_user(f"bench.{role_name}", f"bench.{role_name}@bench.invalid", PASSWORD,
                                                first_name="Bench", last_name=role_name)
            else:
                user.memberships.update(active=False)
            if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
                TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
            return user

        roles = {
            "pmer": (Role.CHILDCARE_WORKER, {"location_id": lid}),
            "specialist": (Role.SPECIALIST, {"care_provider_id": pid, "is_planner": True}),
            "nurse": (Role.YOUTH_NURSE, {"youth_health_service_id": yid}),
            "coordinator": (Role.COORDINATOR, {"municipality_id": mid}),
            "programme_coordinator": (Role.PROGRAMME_COORDINATOR, {}),
            "privacy_officer": (Role.PRIVACY_OFFICER, {"municipality_id": mid}),
            "safeguarding_officer": (Role.SAFEGUARDING_OFFICER, {"care_provider_id": pid}),
            "functional_administrator": (Role.FUNCTIONAL_ADMINISTRATOR, {}),
        }
        self.bench_users = {}
        for name, (role, scope) in roles.items():
            user = bench_user(name)
            membership = Membership.objects.create(user=user, role=role, **scope)
            if name == "pmer":
                membership.groups.set([self.groups[gi][0] for gi in self.loc_groups[li]])
            self.bench_users[name] = user
        # The same municipal roles in the smallest and a middle municipality ("bench.<role>.small"/".middle"),
        # so a page can also be measured where there is little data.
        middle = self.municipalities[len(self.municipalities) // 2]
        for suffix, small in (("small", self.municipalities[-1]), ("middle", middle)):
            sli = self.mun_locations[small][0]
            spid = self.mun_providers[small][0]
            for name, role, scope in (
                ("pmer", Role.CHILDCARE_WORKER, {"location_id": self.locations[sli][0]}),
                ("specialist", Role.SPECIALIST, {"care_provider_id": spid}),
                ("nurse", Role.YOUTH_NURSE, {"youth_health_service_id": self.mun_yhs[small]}),
                ("coordinator", Role.COORDINATOR, {"municipality_id": small}),
                ("privacy_officer", Role.PRIVACY_OFFICER, {"municipality_id": small}),
            ):
                membership = Membership.objects.create(user=bench_user(f"{name}.{suffix}"), role=role, **scope)
                if name == "pmer":
                    membership.groups.set([self.groups[gi][0] for gi in self.loc_groups[sli]])
        # The long timeline: a child at bench.pmer's location.
        self._prepare_case_tables()
        with connection.cursor() as cursor:
            raw = cursor.cursor if hasattr(cursor, "cursor") else cursor
            self.copy = Copier(raw, self.counts)
            gi = self.loc_groups[li][0]
            ci = self.child_group.index(gi)
            path = [CaseState.SUBMITTED, CaseState.AWAITING_CONSENT, CaseState.READY_TO_PLAN, CaseState.PLANNED,
                    CaseState.OBSERVED, CaseState.ADVISED, CaseState.FOLLOW_UP]
            self.long_case = self.case_individual(ci, gi, path, CaseState.FOLLOW_UP, "",
                                                  specialist=self.bench_users["specialist"].pk,
                                                  pmer=self.bench_users["pmer"].pk, long=True)
            self.copy.flush()
            self.sequences(cursor)


def fingerprint(counts: dict) -> str:
    return hashlib.sha256(json.dumps(sorted(counts.items())).encode()).hexdigest()[:12]
