"""Many assessments at once: ``evaluate_many``, with the cyclic garbage collector paused for
the batch (``intrel assess`` and ``assess_all`` assess in batches; docs/performance.md)."""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date

from intrel.policy.decision import Decision
from intrel.policy.engine import evaluate
from intrel.policy.framework import Framework
from intrel.policy.subjects import Subject


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off for the block, then as it was (also when the block
    raises).

    An assessment makes no reference cycles (reference counting frees its objects), but it
    allocates many objects, and while the collector is on, each few hundred of them set off
    a collection that walks the young objects, the engine's caches among them as they grow.
    A batch keeps the collections for after. Nested or concurrent batches leave the
    collector on if any of them found it on (the last to finish puts it back); a collector
    the caller switched off stays off."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def evaluate_many(
    framework: Framework, subjects: Iterable[Subject], as_of: date | None = None
) -> list[Decision]:
    """The decisions of ``framework`` on ``subjects``, in their order: ``evaluate`` of each
    (the same decisions), the collector paused for the batch (:func:`collector_paused`).
    Meant for batches of hundreds to thousands (the caller keeps them all); to assess a
    long stream, call it per batch."""
    with collector_paused():
        return [evaluate(framework, subject, as_of) for subject in subjects]


__all__ = ["collector_paused", "evaluate_many"]
