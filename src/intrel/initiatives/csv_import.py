"""Import of initiatives from a spreadsheet saved as CSV (issue 13): initiatives recorded before
the public form (a paper or e-mail request, an earlier system). All or nothing: every row is
checked as the public form checks it (and the step, outcome and money granted against the
framework), and a file with any problem saves nothing and lists each problem by row and column.

Columns (a header row; ``;`` or ``,``; UTF-8): reference (empty: the next number), title,
description, country, place, purposes and support_asked (codes separated by ``|``),
money_asked, hours_asked, start, end (YYYY-MM-DD), organisation, kvk_number, contact_name,
contact_email, contact_phone, step, outcome, money_granted.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import islice
from typing import Any

from django import forms
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from intrel.accounts.models import User
from intrel.core.errors import DomainError
from intrel.core.formatting import eur
from intrel.governance.selectors import framework_get

from .constants import EventKind, Outcome, Step
from .forms import SubmitForm
from .models import Initiative, InitiativeEvent
from .services import next_reference

COLUMNS = [
    "reference",
    "title",
    "description",
    "country",
    "place",
    "purposes",
    "support_asked",
    "money_asked",
    "hours_asked",
    "start",
    "end",
    "organisation",
    "kvk_number",
    "contact_name",
    "contact_email",
    "contact_phone",
    "step",
    "outcome",
    "money_granted",
]
REQUIRED = {"title", "description", "country", "place", "purposes", "support_asked", "start"}
MAX_ROWS = 1000


class RowForm(SubmitForm):
    """A row: the public form's fields and checks, without consent, files or honeypot, and the
    step it has reached."""

    reference = forms.RegexField(
        regex=r"^INI-\d{4}-\d{4}$",
        required=False,
        error_messages={"invalid": gettext_lazy("A reference looks like INI-2014-0001.")},
    )
    step = forms.ChoiceField(choices=Step.choices, required=False)
    outcome = forms.ChoiceField(choices=[("", "—"), *Outcome.choices], required=False)
    money_granted = forms.DecimalField(required=False, min_value=0, max_digits=12, decimal_places=2)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("consent", "attachments", "website"):
            del self.fields[name]


@dataclass
class ImportResult:
    created: list[Initiative] = field(default_factory=list)
    problems: list[tuple[int, str, str]] = field(default_factory=list)  # row, column, message


def _rows(content: bytes) -> tuple[list[str], list[dict[str, str]]]:
    if len(content) > settings.INTREL_MAX_UPLOAD_BYTES:
        raise DomainError(_("file: the file is too large."), field="file")
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DomainError(
            _("file: this is not a CSV file in UTF-8; save the spreadsheet as CSV UTF-8."),
            field="file",
        ) from None
    if "\x00" in text or not text.strip():
        raise DomainError(_("file: this is not a CSV file with a header row."), field="file")
    first = text.splitlines()[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    header = [h.strip() for h in reader.fieldnames or []]
    missing = sorted(REQUIRED - set(header))
    unknown = sorted(set(header) - set(COLUMNS))
    if missing or unknown:
        parts = []
        if missing:
            parts.append(_("missing columns: %(c)s") % {"c": ", ".join(missing)})
        if unknown:
            parts.append(_("unknown columns: %(c)s") % {"c": ", ".join(unknown)})
        raise DomainError(_("file: %(what)s.") % {"what": "; ".join(parts)}, field="file")
    rows: list[dict[str, str]] = []
    # Read no further than one row past the limit, whatever the file holds.
    for number, row in enumerate(islice(reader, MAX_ROWS + 1), start=2):
        if len(rows) == MAX_ROWS:
            raise DomainError(
                _("file: at most %(n)d initiatives at a time.") % {"n": MAX_ROWS}, field="file"
            )
        if None in row:  # more values than the header has columns (csv's restkey)
            raise DomainError(
                _("file: row %(row)d has more values than the header has columns.")
                % {"row": number},
                field="file",
            )
        rows.append({(k or "").strip(): (v or "").strip() for k, v in row.items()})
    return header, rows


def initiatives_import(*, content: bytes, user: User) -> ImportResult:
    """Check every row; save all of them (in one transaction) only if none has a problem."""
    _header, rows = _rows(content)
    result = ImportResult()
    limit = framework_get().spec.max_per_initiative_eur
    checked: list[dict[str, Any]] = []
    seen: set[str] = set()
    for number, row in enumerate(rows, start=2):  # row 1 is the header
        data: dict[str, Any] = dict(row)
        for multi in ("purposes", "support_asked"):
            data[multi] = [v.strip() for v in row.get(multi, "").split("|") if v.strip()]
        form = RowForm(data)
        if not form.is_valid():
            for name, errors in form.errors.items():
                for message in errors:
                    result.problems.append(
                        (number, name if name != "__all__" else "", str(message))
                    )
            continue
        clean = form.cleaned_data
        reference = clean.get("reference") or ""
        if reference and (
            reference in seen or Initiative.objects.filter(reference=reference).exists()
        ):
            result.problems.append(
                (number, "reference", _("%(r)s is already recorded.") % {"r": reference})
            )
        seen.add(reference)
        granted = clean.get("money_granted")
        if granted is not None and limit is not None and granted > limit:
            result.problems.append(
                (
                    number,
                    "money_granted",
                    _(
                        "%(money)s is more than the framework's maximum of %(limit)s per "
                        "initiative (ACH-2, BES-11)."
                    )
                    % {"money": eur(granted), "limit": eur(limit)},
                )
            )
        step = clean.get("step") or Step.SUBMITTED
        outcome = clean.get("outcome") or ""
        decided = Step.values.index(step) >= Step.values.index(Step.DECIDED)
        if decided and not outcome:
            result.problems.append(
                (number, "outcome", _("a decided initiative needs its outcome."))
            )
        if outcome and not decided:
            result.problems.append(
                (number, "outcome", _("an outcome belongs to a decided initiative."))
            )
        clean["step"], clean["outcome"] = step, outcome
        checked.append(clean)
    if result.problems:
        return result
    with transaction.atomic():
        year = timezone.localdate().year
        for clean in checked:
            reference = clean.pop("reference") or next_reference(year)
            step = clean.pop("step")
            granted = clean.pop("money_granted")
            if clean["outcome"] and granted is None:
                granted = Decimal(0)
            initiative = Initiative.objects.create(
                reference=reference, **clean, money_granted=granted, step=step
            )
            InitiativeEvent.objects.create(
                initiative=initiative,
                created_by=user,
                kind=EventKind.NOTE,
                step=step,
                text=_("imported from a spreadsheet"),
            )
            result.created.append(initiative)
    return result
