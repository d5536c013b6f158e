"""Shared data of the API tests (imported by conftest.py and the test modules)."""

import copy
import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from intrel.accounts.constants import Role

RELATION_BODY: dict[str, Any] = {
    "subject": "relation",
    "id": "helmond-mechelen",
    "name": "Stedenband Helmond – Mechelen",
    "partner": {"name": "Mechelen", "country": "BE", "kind": "city"},
    "registered_kind": "twinning",
    "status": "active",
    "initiated_by": "municipality",
    "purposes": ["culture", "economy"],
    "mutual_value": True,
    "parties": [{"name": "Brainport Development", "sector": "business"}],
    "involvements": [
        {
            "actor": "mayor",
            "portfolio": None,
            "start": "2010-01-01",
            "end": None,
            "initiative": None,
        }
    ],
    "agreements": [
        {
            "title": "Vriendschapsverdrag",
            "signed": "2010-05-01",
            "ends": None,
            "notice_months": 6,
            "renews_automatically": False,
            "renewal_months": None,
        }
    ],
    "budget": {
        "money_eur_per_year": "1500",
        "staff_hours_per_year": "40",
        "held_by": "executive_board",
        "portfolio": None,
    },
    "owner": {"kind": "executive_board", "portfolio": None},
}

# Who calls: the six roles, two service tokens, and nobody.
SERVICE_READ = "service read"
SERVICE_WRITE = "service write:relations"
ANONYMOUS = "no token"
PRINCIPALS = [*(str(r) for r in Role.values), SERVICE_READ, SERVICE_WRITE, ANONYMOUS]


def relation_body(**changes: Any) -> dict[str, Any]:
    """A valid relation body (the contract's subject); ``changes`` replace top-level fields."""
    return copy.deepcopy(RELATION_BODY) | changes


DOCS = Path(__file__).resolve().parents[2] / "docs" / "api.md"


@dataclass(frozen=True)
class Row:
    method_path: str
    permission: str
    outcomes: dict[str, str]


@functools.cache
def documented_table() -> dict[str, Row]:
    """docs/api.md's permission table by operation id, parsed once per process."""
    text = DOCS.read_text(encoding="utf-8")
    block = text.split("<!-- permissions:start -->", 1)[1].split("<!-- permissions:end -->", 1)[0]
    lines = [line.strip() for line in block.strip().splitlines() if line.strip().startswith("|")]
    header = [cell.strip().strip("`") for cell in lines[0].strip("|").split("|")]
    assert header[3:] == PRINCIPALS, f"docs/api.md's table columns must be {PRINCIPALS}"
    rows: dict[str, Row] = {}
    for line in lines[2:]:
        cells = [cell.strip().strip("`") for cell in line.strip("|").split("|")]
        assert cells[0] not in rows, f"docs/api.md lists {cells[0]} twice"
        rows[cells[0]] = Row(cells[1], cells[2], dict(zip(PRINCIPALS, cells[3:], strict=True)))
    return rows
