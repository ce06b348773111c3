"""Routes of coaching on the job (issue 17): the specialist records, the pm'er reads her own growth."""

from .routes import PMER, SPECIALIST, Route, advice, none

ROUTES = {
    "coaching:moments": Route(none, actors=[SPECIALIST]),
    "coaching:moment_create": Route(none, actors=[SPECIALIST]),
    "coaching:growth": Route(none, actors=[PMER]),
    "coaching:self_assessment_create": Route(none, actors=[PMER]),
    "coaching:advice_feedback": Route(advice, actors=[SPECIALIST], limit=1),
}
