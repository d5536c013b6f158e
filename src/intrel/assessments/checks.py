"""System checks: the product refuses to start with a framework it cannot load whole.

Every framework on the search path (``policies/`` and ``$INTREL_POLICY_PATH``) is loaded and
validated; a problem (an unknown key, a citation of a clause that does not exist, an unrouted
purpose, two files with one id, ...) is an error naming the file, the path inside it and the
reason, so the product never assesses with half a framework.
"""

from __future__ import annotations

from typing import Any

from django.core.checks import Error, register

from intrel.policy.framework import FrameworkError, known_frameworks, load_framework


@register()
def check_frameworks(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    try:
        known = known_frameworks()
    except FrameworkError as exc:
        return [
            Error(f"{exc.source}: {problem}", id="assessments.E001") for problem in exc.problems
        ]
    errors: list[Error] = []
    for framework_id, path in known.items():
        try:
            load_framework(framework_id)
        except FrameworkError as exc:
            errors.extend(
                Error(f"{path}: {problem}", id="assessments.E002") for problem in exc.problems
            )
    return errors


def refuse_broken_frameworks() -> None:
    """Raise ``ImproperlyConfigured`` naming every framework problem (the WSGI entry point calls
    this: a plain application server runs no system checks, and must not start either)."""
    from django.core.exceptions import ImproperlyConfigured

    errors = check_frameworks()
    if errors:
        raise ImproperlyConfigured(
            "A framework cannot be loaded whole; intrel does not start:\n"
            + "\n".join(error.msg for error in errors)
        )
