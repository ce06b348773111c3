"""What each kind of notification says. No child's name or case content: only a link into the app.

Lazy strings, so the caller renders them in the reader's language (translation.override).
"""

from django.utils.translation import gettext_lazy as _

from .models import Kind

TITLES = {
    Kind.VISIT_TOMORROW: _("You have a visit tomorrow"),
    Kind.FOLLOW_UP_OVERDUE: _("A follow-up is overdue"),
    Kind.ADVICE_EVALUATION_DUE: _("Advice is waiting for your evaluation"),
    Kind.CONSENT_PENDING: _("A consent is still pending"),
    Kind.BUDGET_THRESHOLD: _("An hour budget reached a threshold"),
    Kind.VISIT_PUBLISHED: _("A visit was planned for you"),
    Kind.CASE_NEWS: _("There is news on a request"),
    Kind.COACHING_PROPOSED: _("A coaching moment was proposed to you"),
    Kind.COACHING_ACCEPTED: _("Your coaching moment was accepted"),
    Kind.COACHING_DECLINED: _("Your coaching moment was declined"),
    Kind.COACHING_NEW_TIME: _("Another time was proposed for a coaching moment"),
    Kind.HANDOVER_RECEIVED: _("A handover reached your school"),
    Kind.COACHING_PLANNED_WITH_YOU: _("Coaching was planned with you"),
    Kind.COACHING_WITHDRAWN: _("A coaching proposal was withdrawn"),
    Kind.COACHING_CANCELLED: _("A coaching moment was cancelled"),
}

BODIES = {
    Kind.VISIT_TOMORROW: _("A visit is planned for tomorrow, %(when)s. Open Alert4you for the details."),
    Kind.FOLLOW_UP_OVERDUE: _("A request you are working on passed its due date. "
                              "Open Alert4you to plan the next step."),
    Kind.ADVICE_EVALUATION_DUE: _("Advice you received is ready to be evaluated: did you try it, and did it "
                                  "work? Open Alert4you to record it."),
    Kind.CONSENT_PENDING: _("Guardians have not yet answered a consent request. Open Alert4you to see it."),
    Kind.BUDGET_THRESHOLD: _("An hour budget you watch reached a threshold. Open Alert4you for the figures."),
    Kind.VISIT_PUBLISHED: _("A visit was planned for %(when)s. Open Alert4you for the details."),
    Kind.CASE_NEWS: _("Something changed on a request you follow. Open Alert4you to see it."),
    Kind.COACHING_PROPOSED: _("The pedagogical coach proposes coaching together on %(when)s. Open Alert4you to "
                              "accept it, decline it or propose another time."),
    Kind.COACHING_ACCEPTED: _("The coaching on %(when)s is accepted and in your agenda. Open Alert4you for the "
                              "details."),
    Kind.COACHING_DECLINED: _("The coaching proposed for %(when)s was declined. Open Alert4you to see why."),
    Kind.COACHING_NEW_TIME: _("Another time was proposed for coaching together: %(when)s. Open Alert4you to "
                              "answer."),
    Kind.HANDOVER_RECEIVED: _("The childcare's handover of a child who comes to your school is ready. Open "
                              "Alert4you to read it."),
    Kind.COACHING_PLANNED_WITH_YOU: _("The pedagogical coach and the specialist planned coaching with you on "
                                      "%(when)s. It is in your agenda in Alert4you."),
    Kind.COACHING_WITHDRAWN: _("The pedagogical coach withdrew the coaching planned for %(when)s. Open Alert4you "
                               "to see it."),
    Kind.COACHING_CANCELLED: _("The coaching planned for %(when)s does not go ahead. Open Alert4you to see it."),
}


def title_of(kind):
    return TITLES.get(kind, _("Notification"))


def body_of(kind, when):
    return BODIES.get(kind, _("Open Alert4you to see it.")) % {"when": when}
