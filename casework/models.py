"""Requests for help and the cases that follow them.

Every request a childcare worker makes gets a `Case`: an individual case for one child, or a
group case (a request about the group, or, where the configuration says so, a question about
one child turned into a group visit on the worker's own handling; it never names a child).
The state of a case changes only through `casework.services.case_advance`, which checks the
transition against `casework.workflow.TRANSITIONS` and records a `CaseEvent`.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from children.models import Child
from organisations.models import CareProvider, Group, Location

# The longest texts a form or service accepts (the database does not limit a TextField). Long
# enough for what people write here, short enough that a pasted document is refused with a message.
QUESTION_MAX_LENGTH = 2000  # the question, what was already tried
PLAN_TEXT_MAX_LENGTH = 5000  # each field of an approach plan cycle, its evaluation
REFERRAL_REASON_MAX_LENGTH = 5000  # why a child is referred
ANSWER_REASON_MAX_LENGTH = 2000  # the reason a receiving party gave
MESSAGE_MAX_LENGTH = 5000  # a message on a case
NAME_MAX_LENGTH = 200  # a receiving party, a school


class RequestSubject(models.TextChoices):
    CHILD = "child", _("One child")
    GROUP = "group", _("The group")


class QuestionKind(models.TextChoices):
    BEHAVIOUR = "behaviour", _("Dealing with a child's behaviour or interaction")
    GROUP_PROCESSES = "group_processes", _("Group processes")
    PARENTS = "parents", _("How to talk with the parents")
    DEVELOPMENT = "development", _("A worry about development")


class Urgency(models.TextChoices):
    NORMAL = "normal", _("Within a few weeks")
    SOON = "soon", _("Within a week")
    URGENT = "urgent", _("Urgent")


class CaseKind(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual child")
    GROUP = "group", _("Group")


class CaseState(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    AWAITING_CONSENT = "awaiting_consent", _("Awaiting consent")
    READY_TO_PLAN = "ready_to_plan", _("Ready to plan")
    PLANNED = "planned", _("Planned")
    OBSERVED = "observed", _("Observed")
    ADVISED = "advised", _("Advised")
    FOLLOW_UP = "follow_up", _("Follow-up")
    VISITED = "visited", _("Visited")
    CLOSED = "closed", _("Closed")


class CaseOutcome(models.TextChoices):
    RESOLVED = "resolved", _("Resolved within childcare")
    REFERRED = "referred", _("Referred")
    HANDED_OVER = "handed_over", _("Handed over to school")
    GUARDIANS_DECLINED = "guardians_declined", _("Guardians declined")
    CHILD_LEFT = "child_left", _("Child left")
    CANCELLED = "cancelled", _("Cancelled")


class ObservationRequest(models.Model):
    """The childcare worker's question, in her own words."""

    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="observation_requests",
                                 verbose_name=_("location"))
    group = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="observation_requests",
                              verbose_name=_("group"))
    subject = models.CharField(_("the question is about"), max_length=10, choices=RequestSubject.choices)
    kind = models.CharField(_("kind of question"), max_length=20, choices=QuestionKind.choices)
    question = models.TextField(_("your question"))
    already_tried = models.TextField(_("what you already tried"), blank=True)
    urgency = models.CharField(_("how urgent"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL)
    became_group_visit = models.BooleanField(
        _("a question about one child, handled as a group visit"), default=False,
        help_text=_("Set by the municipality's way of working; no child is named."),
    )
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("requested by"))
    created_at = models.DateTimeField(_("asked on"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("request for help")
        # The pm'er's home and "my requests": her location's requests, newest first.
        indexes = [models.Index(fields=["location", "-created_at"], name="request_location_created")]
        verbose_name_plural = _("requests for help")

    def __str__(self):
        return f"{self.get_kind_display()} ({self.created_at:%Y-%m-%d})"


class CaseQuerySet(models.QuerySet):
    def visible_to(self, user):
        from .permissions import visible_cases_filter

        return self.filter(visible_cases_filter(user))

    def open(self):
        return self.exclude(state=CaseState.CLOSED)

    def with_related(self):
        return self.select_related(
            # The child with its group and location: the case page's sections read them (two queries less).
            "request__location__district__municipality__configuration", "request__group", "child__group__location",
            "assigned_to", "nurse", "care_provider", "request__requested_by",
        )


class Case(models.Model):
    request = models.OneToOneField(ObservationRequest, on_delete=models.PROTECT, related_name="case",
                                   verbose_name=_("request for help"))
    kind = models.CharField(_("kind"), max_length=12, choices=CaseKind.choices)
    child = models.ForeignKey(Child, on_delete=models.PROTECT, null=True, blank=True, related_name="cases",
                              verbose_name=_("child"))
    state = models.CharField(_("state"), max_length=20, choices=CaseState.choices, default=CaseState.SUBMITTED)
    outcome = models.CharField(_("outcome"), max_length=20, choices=CaseOutcome.choices, blank=True)
    care_provider = models.ForeignKey(CareProvider, on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="cases", verbose_name=_("care provider's queue"))
    assigned_to = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="assigned_cases", verbose_name=_("assigned to"))
    nurse = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="nurse_cases", verbose_name=_("youth nurse"))
    due_date = models.DateField(_("due date"), null=True, blank=True)
    follow_ups = models.PositiveSmallIntegerField(_("follow-up talks held"), default=0)
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "-opened_at", "-pk"]
        # Behind `visible_to` and the caseload: the cases a professional is on, by state.
        indexes = [models.Index(fields=["assigned_to", "state"], name="case_assignee_state"),
                   models.Index(fields=["nurse", "state"], name="case_nurse_state"),
                   models.Index(fields=["child", "kind"], name="case_child_kind")]
        constraints = [
            # A group case never names a child; an individual case always does.
            models.CheckConstraint(
                condition=(models.Q(kind="individual", child__isnull=False)
                           | models.Q(kind="group", child__isnull=True)),
                name="case_child_iff_individual",
            ),
            models.CheckConstraint(
                condition=models.Q(state="closed", outcome__gt="") | (~models.Q(state="closed") & models.Q(outcome="")),
                name="case_outcome_iff_closed",
            ),
        ]
        verbose_name = _("case")
        verbose_name_plural = _("cases")

    def __str__(self):
        return _("Case %(number)s") % {"number": self.pk}

    @property
    def is_open(self):
        return self.state != CaseState.CLOSED

    @property
    def location(self):
        return self.request.location

    @property
    def configuration(self):
        return self.request.location.district.municipality.configuration


class CaseEvent(models.Model):
    """What happened to a case: the timeline. Written only by the casework services."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events", verbose_name=_("case"))
    kind = models.CharField(_("what"), max_length=40)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                           related_name="+", verbose_name=_("by"))
    at = models.DateTimeField(_("when"), default=timezone.now)
    from_state = models.CharField(_("from"), max_length=20, blank=True)
    to_state = models.CharField(_("to"), max_length=20, blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("case event")
        indexes = [models.Index(fields=["case", "at"], name="case_event_timeline")]
        verbose_name_plural = _("case events")

    def __str__(self):
        return f"{self.kind} {self.at:%Y-%m-%d %H:%M}"


# Records on a case: approach plan, referrals, handover, messages ------------------------------
# Each is written only by its service module (casework/records.py), which refuses on a closed case.


class ApproachPlan(models.Model):
    """The joint approach for the group and for home. Its content lives in cycles: every
    evaluation adds a cycle and never overwrites one, so the plan-do-evaluate history stays."""

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="approach_plan",
                                verbose_name=_("case"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("made by"))
    created_at = models.DateTimeField(_("made on"), default=timezone.now)

    class Meta:
        verbose_name = _("approach plan")
        verbose_name_plural = _("approach plans")

    def __str__(self):
        return _("Approach plan for case %(number)s") % {"number": self.case_id}


class ApproachPlanCycle(models.Model):
    plan = models.ForeignKey(ApproachPlan, on_delete=models.PROTECT, related_name="cycles",
                             verbose_name=_("approach plan"))
    number = models.PositiveSmallIntegerField(_("cycle"))
    evaluation = models.TextField(_("evaluation of the previous cycle"), blank=True)
    goals_group = models.TextField(_("goals in the group"))
    agreements_group = models.TextField(_("agreements in the group"), blank=True)
    goals_home = models.TextField(_("goals at home"), blank=True)
    agreements_home = models.TextField(_("agreements at home"), blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                           verbose_name=_("by"))
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        ordering = ["plan", "number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="approach_plan_cycle_unique")]
        verbose_name = _("approach plan cycle")
        verbose_name_plural = _("approach plan cycles")

    def __str__(self):
        return f"{self.plan_id}#{self.number}"


class ReferralTarget(models.TextChoices):
    SPEECH_THERAPY = "speech_therapy", _("Speech therapy")
    AUDIOLOGY = "audiology", _("Audiology centre")
    MOC = "moc", _("Medical daycare for young children (MOC)")
    OKIDO = "okido", _("Okido")
    SOCIAL_DISTRICT_TEAM = "social_district_team", _("Social district team")
    CHILD_HEALTH_CLINIC = "child_health_clinic", _("Child health clinic")
    DIAGNOSTICS = "diagnostics", _("Diagnostics")


class ReferralStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    STARTED = "started", _("Started")


class Referral(models.Model):
    """A referral to an external party. `child` is the case's child, or, on a case that names no
    child (a question turned into a group visit), the child a childcare worker of the location
    names on the referral under the guardians' consent for it; until then it is empty."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="referrals", verbose_name=_("case"))
    child = models.ForeignKey(Child, on_delete=models.PROTECT, null=True, blank=True, related_name="referrals",
                              verbose_name=_("child"))
    target = models.CharField(_("referred to"), max_length=30, choices=ReferralTarget.choices)
    receiving_party = models.CharField(_("receiving party"), max_length=200)
    reason = models.TextField(_("why this referral"))
    status = models.CharField(_("status"), max_length=10, choices=ReferralStatus.choices,
                              default=ReferralStatus.PROPOSED)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("started by"))
    created_at = models.DateTimeField(_("started on"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent on"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered on"), null=True, blank=True)
    answer_reason = models.TextField(_("reason given by the receiving party"), blank=True)
    answer_recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                           blank=True, related_name="+", verbose_name=_("answer recorded by"))
    help_started_on = models.DateField(_("help started on"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            # A declined referral always says why.
            models.CheckConstraint(condition=~models.Q(status="declined") | models.Q(answer_reason__gt=""),
                                   name="referral_declined_has_reason"),
        ]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")

    def __str__(self):
        return f"{self.get_target_display()} ({self.get_status_display()})"

    @property
    def response_time(self):
        if self.sent_at and self.answered_at:
            return self.answered_at - self.sent_at
        return None


class Handover(models.Model):
    """The handover document to primary school, as it was produced: the PDF itself is kept, with
    who made it, when, and under which consent."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="handovers", verbose_name=_("case"))
    school_name = models.CharField(_("primary school"), max_length=200)
    # A school that takes part in the programme (issue 17 item 5): its teachers get the handover in the
    # app. Empty for a school that does not take part: then the name alone, and the PDF goes on paper.
    school_location = models.ForeignKey(
        "organisations.Location", on_delete=models.PROTECT, null=True, blank=True, related_name="handovers_received",
        limit_choices_to={"kind": "primary_school"}, verbose_name=_("school location"))
    pdf = models.BinaryField(_("document"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("made by"))
    created_at = models.DateTimeField(_("made on"), default=timezone.now)
    consent_reference = models.CharField(_("under consent"), max_length=100)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("handover to primary school")
        verbose_name_plural = _("handovers to primary school")

    def __str__(self):
        return f"{self.school_name} ({self.created_at:%Y-%m-%d})"


class CaseMessage(models.Model):
    """A short message between the people on a case, instead of e-mail."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="messages", verbose_name=_("case"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("from"))
    body = models.TextField(_("message"), max_length=MESSAGE_MAX_LENGTH)
    at = models.DateTimeField(_("sent on"), default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")

    def __str__(self):
        return f"{self.case_id} {self.at:%Y-%m-%d %H:%M}"
