"""Demo data of the apps above the demo app (the review, issue 15): each adds its loader here in
its AppConfig.ready, and ``demo_load`` runs them after everything is assessed. A registry in the
lowest app, like ``core.assessing``, so no app imports one above it (ADR 0008)."""

from collections.abc import Callable

LATE_HOOKS: list[Callable[[], object]] = []


def demo_late_hook_register(hook: Callable[[], object]) -> None:
    """Run ``hook`` at the end of ``demo_load`` (once per hook however often it is added)."""
    if hook not in LATE_HOOKS:
        LATE_HOOKS.append(hook)
