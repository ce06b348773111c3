"""The dashboard as tables of shown values (after disclosure control), each with its chart. The
page, the CSV export and the PDF all read these tables, so they show the same figures."""

from dataclasses import dataclass, field, replace

from django.utils import timezone
from django.utils.formats import date_format, localize
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from alert4you.routers import reads_from_replica
from casework.models import CaseOutcome, QuestionKind, ReferralTarget, RequestSubject
from observations.models import AdviceCategory, AdviceTarget
from organisations.models import Municipality
from scheduling.models import WalkInTopic

from . import charts, disclosure, selectors, snapshots
from .permissions import municipality_ids_for

TABLE_KEYS = ("municipalities", "requests_month", "requests_kind", "waiting", "consent", "advice", "follow_ups",
              "outcomes", "trend", "referrals", "hours", "walk_in", "walk_in_topics", "preventive", "coaching")


# No budget was set: not a withheld figure ("×"), there is none.
NO_BUDGET = "—"


@dataclass
class Table:
    key: str
    title: str
    columns: list
    rows: list
    note: str = ""
    chart: str = ""
    headline: object = None
    extra: dict = field(default_factory=dict)

    def body_html(self):
        """The table's rows as the page shows them: the first cell a row header, a withheld figure
        (None) as "×", every other value localised and escaped as {{ value }} would. Built as one
        string: the programme coordinator's tables have a row per district and a column per
        municipality of the country, and a template render per cell took most of the page."""
        parts = []
        for row in self.rows:
            cells = [format_html('<th scope="row">{}</th>', localize(row[0]))] if row else []
            cells += [format_html("<td>{}</td>", disclosure.WITHHELD if v is None else localize(v)) for v in row[1:]]
            parts.append("<tr>" + "".join(cells) + "</tr>")
        return mark_safe("\n".join(parts))  # noqa: S308 (every cell went through format_html)

    def csv_rows(self):
        return [self.columns] + [[_cell(v) for v in row] for row in self.rows]


def _cell(value):
    if value is None:
        return disclosure.WITHHELD
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    return value


def _pct(value):
    return None if value is None else f"{value}%"


def _not_applying(paths, filters):
    names = {"district": _("district"), "location": _("location"), "provider": _("care provider"),
             "kind": _("kind of question")}
    missing = selectors.applies(paths, filters)
    if not missing:
        return ""
    return _("The filter on %(names)s does not apply to this figure.") % {
        "names": ", ".join(str(names[m]) for m in missing)}


def _month_label(year, month):
    return date_format(timezone.datetime(year, month, 1), "M Y")


class Tables(list):
    """The dashboard's tables, and when their figures were computed (`computed_at`; `live` when
    they were computed for this very request)."""

    def __init__(self, tables, *, computed_at, live):
        super().__init__(tables)
        self.computed_at = computed_at
        self.live = live


@reads_from_replica  # read-only figures: the replica when one is configured (alert4you/routers.py)
def build(user, filters):
    m_ids = municipality_ids_for(user)
    # The raw aggregates come from a recent snapshot of this view when there is one
    # (monitoring/snapshots.py); disclosure control and the tables are made afresh either way.
    f = snapshots.load(m_ids, filters)
    tables = _tables(f, filters, m_ids)
    snapshots.store(m_ids, filters, f)
    return Tables(tables, computed_at=f.computed_at, live=f.computed)


def compute(f, filters, m_ids):
    """Every figure of the view into `f` (the beat task's refresh; the tables are thrown away)."""
    from django.utils import translation

    with translation.override(None):
        _tables(f, filters, m_ids)


def _tables(f, filters, m_ids):
    tables = []
    if m_ids is None:
        tables.append(_municipalities(f, filters))
    tables += _requests(f, filters, m_ids)
    tables.append(_waiting(f, filters, m_ids))
    tables.append(_consent(f, filters, m_ids))
    tables.append(_advice(f, filters, m_ids))
    tables += _cases(f, filters, m_ids)
    tables.append(_trend(f, filters, m_ids))
    tables.append(_referrals(f, filters, m_ids))
    tables.append(_hours(f, filters, m_ids))
    tables += _walk_in(f, filters, m_ids)
    tables.append(_preventive(f, filters, m_ids))
    tables.append(_coaching(f, filters, m_ids))
    return tables


def _requests(f, filters, m_ids):
    rows = f.requests_per_month(filters, m_ids)
    p = filters.period
    first = 7 if p.half == 2 else 1
    last = 6 if p.half == 1 else 12
    months = [(p.year, m) for m in range(first, last + 1)]
    by_month, by_kind = {}, {}
    for r in rows:
        by_month[(r["y"], r["m"], r["subject"])] = by_month.get((r["y"], r["m"], r["subject"]), 0) + r["n"]
        by_kind[(r["kind"], r["subject"])] = by_kind.get((r["kind"], r["subject"]), 0) + r["n"]
    subjects = [RequestSubject.CHILD, RequestSubject.GROUP]
    month_rows = []
    for y, m in months:
        counts = [by_month.get((y, m, s), 0) for s in subjects]
        month_rows.append([_month_label(y, m), *[disclosure.count(c) for c in counts], disclosure.count(sum(counts))])
    total = [sum(by_month.get((y, m, s), 0) for y, m in months) for s in subjects]
    month_rows.append([_("Total"), *[disclosure.count(c) for c in total], disclosure.count(sum(total))])
    columns = [_("Month"), _("Individual child"), _("Group"), _("Total")]
    chart = charts.bar_chart(
        "requests-month", _("Requests per month"),
        _("Bars per month: requests about one child and requests about the group; the table below has the figures."),
        [r[0] for r in month_rows[:-1]],
        [(columns[1], [r[1] for r in month_rows[:-1]]), (columns[2], [r[2] for r in month_rows[:-1]])])
    kind_rows = []
    for kind, label in QuestionKind.choices:
        counts = [by_kind.get((kind, s), 0) for s in subjects]
        kind_rows.append([str(label), *[disclosure.count(c) for c in counts], disclosure.count(sum(counts))])
    kind_chart = charts.bar_chart(
        "requests-kind", _("Requests by kind of question"),
        _("Bars per kind of question: about one child and about the group."),
        [r[0] for r in kind_rows], [(columns[1], [r[1] for r in kind_rows]), (columns[2], [r[2] for r in kind_rows])])
    return [
        Table("requests_month", _("Requests per month"), columns, month_rows, chart=chart),
        Table("requests_kind", _("Requests by kind of question"), [_("Kind of question"), *columns[1:]], kind_rows,
              chart=kind_chart),
    ]


def _waiting(f, filters, m_ids):
    stats = f.waiting(filters, m_ids)
    crosstab = f.waiting_crosstab(filters, m_ids)
    chosen = selectors.chosen_values(filters)
    allowed = disclosure.view_allowed(crosstab, chosen)
    if allowed and (m_ids is None or len(m_ids) > 1):
        sizes = {}
        for key, n in crosstab:
            if all(key.get(d) == v for d, v in chosen.items() if v is not None):
                sizes[key["municipality"]] = sizes.get(key["municipality"], 0) + n
        allowed = disclosure.union_allowed(sizes, sizes)
    median = disclosure.statistic(stats[0.5], allowed=allowed)
    p90 = disclosure.statistic(stats[0.9], allowed=allowed)
    rows = [
        [_("Requests with a first observation"), disclosure.count(stats["n"])],
        [_("Median (days)"), median],
        [_("90th percentile (days)"), p90],
        [_("Waiting longer than %(days)s days (also those still waiting)") % {"days": filters.threshold},
         disclosure.count(stats["over"])],
    ]
    chart = charts.bar_chart(
        "waiting", _("Days from request to first observation"),
        _("Two bars: the median and the 90th percentile of the days between a request and its first observation."),
        [_("Median"), _("90th percentile")], [(_("Days"), [median, p90])])
    note = _("A group visit counts as the first observation of a question about the group.")
    if not allowed and stats["n"]:
        note += " " + _("The median and percentile are withheld (×) for this selection: it, or a group that "
                        "subtracting it from another selection would leave, is smaller than 5.")
    return Table("waiting", _("Time from request to first observation"), [_("Figure"), _("Value")], rows,
                 chart=chart, note=note)


def _consent(f, filters, m_ids):
    c = f.consent_states(filters, m_ids)
    labels = [(_("Asked"), c["asked"]), (_("Given"), c["given_n"]), (_("Refused"), c["refused_n"]),
              (_("Withdrawn"), c["withdrawn_n"]), (_("Expired"), c["expired_n"]),
              (_("Pending (no decision yet)"), c["pending_n"])]
    rows = [[label, disclosure.count(n)] for label, n in labels]
    chart = charts.bar_chart("consent", _("Consent"), _("One bar per state of the consents asked in the period."),
                             [r[0] for r in rows], [(_("Consents"), [r[1] for r in rows])])
    return Table("consent", _("Consent asked, given, refused, withdrawn, pending"), [_("State"), _("Consents")], rows,
                 chart=chart, note=_not_applying(selectors.CONSENT, filters))


def _advice(f, filters, m_ids):
    raw = f.advice_table(filters, m_ids)
    targets, categories = dict(AdviceTarget.choices), dict(AdviceCategory.choices)
    rows = []
    total = {"n": 0, "evaluated": 0, "tried_n": 0, "worked_n": 0}
    for r in raw:
        rows.append([f"{targets.get(r['target'], r['target'])}: {categories.get(r['category'], r['category'])}",
                     disclosure.count(r["n"]), _pct(disclosure.share(r["tried_n"], r["evaluated"])),
                     _pct(disclosure.share(r["worked_n"], r["tried_n"]))])
        for k in total:
            total[k] += r[k]
    rows.append([_("Total"), disclosure.count(total["n"]), _pct(disclosure.share(total["tried_n"], total["evaluated"])),
                 _pct(disclosure.share(total["worked_n"], total["tried_n"]))])
    chart = charts.bar_chart("advice", _("Advice given per target and category"),
                             _("One bar per target and category: the number of advice items given."),
                             [r[0] for r in rows[:-1]], [(_("Advice"), [r[1] for r in rows[:-1]])])
    return Table("advice", _("Advice per target and category"),
                 [_("Aimed at: about"), _("Advice"), _("Share tried (of evaluated)"), _("Share worked (of tried)")],
                 rows, chart=chart)


def _cases(f, filters, m_ids):
    outcomes, follow = f.closed_cases(filters, m_ids)
    follow_rows = []
    for n in range(selectors.FOLLOW_UP_BUCKETS):
        label = str(n) if n < selectors.FOLLOW_UP_BUCKETS - 1 else _("%(n)s or more") % {"n": n}
        cases = (follow.get(n, 0) if n < selectors.FOLLOW_UP_BUCKETS - 1
                 else sum(v for k, v in follow.items() if k >= n))
        follow_rows.append([label, disclosure.count(cases)])
    follow_chart = charts.bar_chart("follow-ups", _("Follow-up talks per case"),
                                    _("One bar per number of follow-up talks: how many closed cases had that many."),
                                    [r[0] for r in follow_rows], [(_("Cases"), [r[1] for r in follow_rows])])
    outcome_rows = [[str(label), disclosure.count(outcomes.get(value, 0))] for value, label in CaseOutcome.choices]
    outcome_rows.append([_("Total"), disclosure.count(sum(outcomes.values()))])
    outcome_chart = charts.bar_chart("outcomes", _("Cases per outcome"), _("One bar per outcome of the closed cases."),
                                     [r[0] for r in outcome_rows[:-1]],
                                     [(_("Cases"), [r[1] for r in outcome_rows[:-1]])])
    return [
        Table("follow_ups", _("Follow-up talks per closed individual case"), [_("Follow-up talks"), _("Cases")],
              follow_rows, chart=follow_chart),
        Table("outcomes", _("Closed cases per outcome"), [_("Outcome"), _("Cases")], outcome_rows, chart=outcome_chart),
    ]


def _half_label(year, half):
    # "H1"/"H2" for the first and second half year reads the same in Dutch.
    return _("%(year)s-H%(half)s") % {"year": year, "half": half}


def _trend(f, filters, m_ids):
    per_m = m_ids is None or len(m_ids) > 1
    halves, table = f.resolved_trend(filters, m_ids, per_municipality=per_m)
    series_keys = sorted({k[1] for k in table}) if per_m else [None]
    names = dict(Municipality.objects.filter(pk__in=[k for k in series_keys if k]).values_list("pk", "name"))
    columns = [_("Half year")]
    series = []
    rows = [[_half_label(*h)] for h in halves]
    pooled = []
    for i, h in enumerate(halves):
        closed = sum(v["closed"] for k, v in table.items() if k[0] == h)
        resolved = sum(v["resolved"] for k, v in table.items() if k[0] == h)
        rows[i] += [disclosure.count(resolved), disclosure.count(closed), _pct(disclosure.share(resolved, closed))]
        pooled.append(disclosure.share(resolved, closed))
    columns += [_("Resolved within childcare"), _("Closed (not cancelled)"), _("Share resolved")]
    series.append((_("All") if per_m else _("Share resolved"), pooled))
    if per_m:
        for key in series_keys:
            values = []
            for i, h in enumerate(halves):
                v = table.get((h, key), {"closed": 0, "resolved": 0})
                share = disclosure.share(v["resolved"], v["closed"])
                rows[i].append(_pct(share))
                values.append(share)
            columns.append(names.get(key, "?"))
            series.append((names.get(key, "?"), values))
    chart = charts.line_chart(
        "trend", _("Share of closed cases resolved within childcare"),
        _("One line per half year: the share of closed cases (not cancelled) resolved within childcare, "
          "without a referral."), [r[0] for r in rows], series)
    # The headline: the share in the chosen period (a half year, or both halves of a year).
    in_period = [h for h in halves if h[0] == filters.period.year and filters.period.half in (None, h[1])]
    headline = disclosure.share(sum(v["resolved"] for k, v in table.items() if k[0] in in_period),
                                sum(v["closed"] for k, v in table.items() if k[0] in in_period))
    return Table("trend", _("Share resolved within childcare (trend)"), columns, rows, chart=chart, headline=headline,
                 note=_("The programme's headline figure: the share of closed cases resolved within childcare, "
                        "per half year, from rounded counts."))


def _referrals(f, filters, m_ids):
    counts = f.referrals_by_target(filters, m_ids)
    rows = [[str(label), disclosure.count(counts.get(value, 0))] for value, label in ReferralTarget.choices]
    rows.append([_("Total"), disclosure.count(sum(counts.values()))])
    chart = charts.bar_chart("referrals", _("Referrals by target"), _("One bar per target of the referrals started."),
                             [r[0] for r in rows[:-1]], [(_("Referrals"), [r[1] for r in rows[:-1]])])
    return Table("referrals", _("Referrals by target"), [_("Referred to"), _("Referrals")], rows, chart=chart)


def _hours(f, filters, m_ids):
    data = f.hours_against_budget(filters, m_ids)
    rows = []
    for district, used, budget in data:
        name = f"{district.municipality.name}: {district.name}" if m_ids is None or len(m_ids) > 1 else district.name
        rows.append([name, float(round(used, 1)), NO_BUDGET if budget is None else float(round(budget, 1)),
                     _pct(round(100 * used / budget)) if budget else NO_BUDGET])
    chart = charts.bar_chart("hours", _("Hours used against budget per district"),
                             _("Two bars per district: hours used in the period and the year's budget."),
                             [r[0] for r in rows],
                             [(_("Used"), [r[1] for r in rows]), (_("Budget"), [r[2] for r in rows])])
    return Table("hours", _("Hours used against budget per district"),
                 [_("District"), _("Hours used"), _("Budget for the year"), _("Used")], rows, chart=chart,
                 note=_("Hours of professionals, shown exactly (they are not about a child). ") +
                 _not_applying(selectors.BUDGET, filters))


def _walk_in(f, filters, m_ids):
    hours, topics = f.walk_in(filters, m_ids)
    rows = [[_("Walk-in hours planned"), hours["planned"]], [_("Walk-in hours held"), hours["held"]]]
    topic_rows = [[str(label), disclosure.count(topics.get(value, 0))] for value, label in WalkInTopic.choices]
    topic_rows.append([_("Total"), disclosure.count(sum(topics.values()))])
    chart = charts.bar_chart("walk-in-topics", _("Questions at walk-in hours by topic"),
                             _("One bar per topic of the questions raised at walk-in hours."),
                             [r[0] for r in topic_rows[:-1]], [(_("Questions"), [r[1] for r in topic_rows[:-1]])])
    return [
        Table("walk_in", _("Walk-in hours"), [_("Figure"), _("Number")], rows,
              note=_not_applying(selectors.WALK_IN, filters)),
        Table("walk_in_topics", _("Questions at walk-in hours by topic"), [_("Topic"), _("Questions")], topic_rows,
              chart=chart),
    ]


def _preventive(f, filters, m_ids):
    v = f.preventive_visits(filters, m_ids)
    rows = [[_("Preventive visits planned"), v["planned"]], [_("Preventive visits held"), v["held"]]]
    chart = charts.bar_chart("preventive", _("Preventive visits planned against held"),
                             _("Two bars: preventive group visits planned and held in the period."),
                             [r[0] for r in rows], [(_("Visits"), [r[1] for r in rows])])
    return Table("preventive", _("Preventive visits planned against held"), [_("Figure"), _("Number")], rows,
                 chart=chart, note=_not_applying(selectors.VISIT, filters))


def _coaching(f, filters, m_ids):
    from coaching.models import Competence

    per, total = f.coaching(filters, m_ids)
    rows = []
    for value, label in Competence.choices:
        r = per.get(value, {"n": 0, "h": None})
        rows.append([str(label), disclosure.count(r["n"]), float(round(r["h"] or 0, 1))])
    rows.append([_("All coaching moments"), disclosure.count(total["n"]), float(round(total["h"] or 0, 1))])
    chart = charts.bar_chart("coaching", _("Coaching on the job per core competence"),
                             _("One bar per core competence: the hours of coaching moments that worked on it."),
                             [r[0] for r in rows[:-1]], [(_("Hours"), [r[2] for r in rows[:-1]])])
    return Table("coaching", _("Coaching on the job per core competence"),
                 [_("Core competence"), _("Coaching moments"), _("Hours")], rows, chart=chart,
                 note=_("A moment that worked on several competences counts under each; the last row counts it once. "
                        "The number of moments is rounded like every count; hours are shown exactly. ")
                 + _not_applying(selectors.COACHING, filters))


def _municipalities(f, filters):
    # Each row is what that municipality's own coordinator sees for the period: no other filter.
    filters = replace(filters, district=None, location=None, care_provider=None, kind=None)
    requests, closed = f.per_municipality(filters)
    waits = f.waiting_per_municipality(filters)
    budgets = {m.pk: (used, budget) for m, used, budget in f.hours_against_budget(filters, None,
                                                                                         by="municipality")}
    municipalities = list(Municipality.objects.order_by("name"))

    rows = []
    for m in municipalities:
        c = closed.get(m.pk, {"closed": 0, "resolved": 0, "referred": 0})
        w = waits.get(m.pk, {"n": 0, 0.5: None})
        used, budget = budgets.get(m.pk, (0, None))
        rows.append([m.name, disclosure.count(requests.get(m.pk, 0)), disclosure.count(c["closed"]),
                     _pct(disclosure.share(c["resolved"], c["closed"])), disclosure.count(c["referred"]),
                     disclosure.statistic(w.get(0.5), allowed=w["n"] >= disclosure.MIN_CELL),
                     float(round(used or 0, 1)), NO_BUDGET if budget is None else float(round(budget, 1))])
    chart = charts.bar_chart(
        "municipalities", _("Share resolved within childcare per municipality"),
        _("One bar per municipality: the share of its closed cases resolved within childcare in the period."),
        [r[0] for r in rows], [(_("Share resolved"), [disclosure.share(closed.get(m.pk, {}).get("resolved", 0),
                                                                       closed.get(m.pk, {}).get("closed", 0))
                                                      for m in municipalities])], suffix="%")
    return Table("municipalities", _("Municipalities side by side"),
                 [_("Municipality"), _("Requests"), _("Closed cases"), _("Share resolved"), _("Referred"),
                  _("Median days to first observation"), _("Hours used"), _("Budget for the year")], rows, chart=chart,
                 note=_("Aggregates only, in the chosen period (the other filters apply to the figures below). "
                        "A median is withheld (×) for a municipality with fewer than 5 observed requests."))
