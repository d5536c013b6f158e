"""The review's background work (ADR 0019): the council report and the actions' reminders.
Each task takes plain values, re-reads what it needs and is safe to run twice."""

from datetime import date

from django_tasks import task

from intrel.core import doors

from . import services


@task()
def report_build(*, report_id: int) -> str:
    """Build a requested council report; returns its state."""
    with doors.through(doors.TASK):
        report = services.review_report_build(report_id=report_id)
    return report.state if report is not None else "missing"


@task()
def reminders_send(*, day: str) -> int:
    """E-mail the owners of actions due or past their due date on ``day`` (ISO); returns how
    many reminders went out (none for an action already reminded)."""
    with doors.through(doors.TASK):
        return len(services.review_reminders_send(today=date.fromisoformat(day)))
