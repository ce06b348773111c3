from celery import shared_task


@shared_task(name="scheduling.plan_propose")
def plan_propose_task(plan_id: int) -> None:
    """Propose a half-year plan; a second run of the same task finds the plan proposed and stops."""
    from .models import HalfYearPlan
    from .services import plan_propose

    plan = HalfYearPlan.objects.filter(pk=plan_id).first()
    if plan is not None:
        plan_propose(plan=plan)
