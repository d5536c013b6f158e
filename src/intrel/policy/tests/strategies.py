"""Hypothesis strategies of valid subjects (as decoded JSON)."""

from __future__ import annotations

from datetime import date
from typing import Any

from hypothesis import strategies as st

from intrel.policy.constants import Actor, Holder, Initiator, OwnerKind, Purpose, Sector

DATES = st.dates(min_value=date(2000, 1, 1), max_value=date(2020, 12, 31))
PORTFOLIOS = st.sampled_from(["EZ", "CUL", "SPO", "MIL", "RO", "ONW", "MAR"])


@st.composite
def involvements(draw: st.DrawFn) -> dict[str, Any]:
    start = draw(DATES)
    end = draw(st.none() | st.dates(min_value=start, max_value=date(2022, 12, 31)))
    return {
        "actor": draw(st.sampled_from([a.value for a in Actor])),
        "portfolio": draw(st.none() | PORTFOLIOS),
        "start": start.isoformat(),
        "end": end.isoformat() if end else None,
        "initiative": draw(st.none() | st.sampled_from(["stichting-a", "school-b"])),
    }


@st.composite
def agreements(draw: st.DrawFn) -> dict[str, Any]:
    signed = draw(DATES)
    ends = draw(st.none() | st.dates(min_value=signed, max_value=date(2025, 12, 31)))
    renews = draw(st.booleans())
    renewal = draw(st.none() | st.integers(min_value=1, max_value=60))
    if renews and ends == signed and renewal is None:
        renewal = 12
    return {
        "title": draw(st.sampled_from(["Verdrag", "Convenant", "Intentieverklaring"])),
        "signed": signed.isoformat(),
        "ends": ends.isoformat() if ends else None,
        "notice_months": draw(st.integers(min_value=0, max_value=24)),
        "renews_automatically": renews,
        "renewal_months": renewal,
    }


@st.composite
def relations(draw: st.DrawFn) -> dict[str, Any]:
    held_by = draw(st.sampled_from([h.value for h in Holder]))
    owner_kind = draw(st.sampled_from([k.value for k in OwnerKind]))
    return {
        "subject": "relation",
        "id": "rel",
        "name": "Relatie",
        "partner": {"name": "Partner", "country": "NI", "kind": "city"},
        "registered_kind": "twinning",
        "status": draw(
            st.sampled_from(["proposed", "active", "suspended", "friendship", "ending", "ended"])
        ),
        "initiated_by": draw(st.sampled_from([i.value for i in Initiator])),
        "purposes": draw(
            st.lists(st.sampled_from([p.value for p in Purpose]), min_size=1, max_size=5)
        ),
        "mutual_value": draw(st.booleans()),
        "parties": draw(
            st.lists(
                st.fixed_dictionaries(
                    {
                        "name": st.sampled_from(["A", "B", "C"]),
                        "sector": st.sampled_from([s.value for s in Sector]),
                    }
                ),
                max_size=4,
            )
        ),
        "involvements": draw(st.lists(involvements(), max_size=4)),
        "agreements": draw(st.lists(agreements(), max_size=3)),
        "budget": {
            "money_eur_per_year": str(draw(st.integers(min_value=0, max_value=50000))),
            "staff_hours_per_year": draw(st.integers(min_value=0, max_value=500)),
            "held_by": held_by,
            "portfolio": draw(PORTFOLIOS) if held_by == "portfolio" else None,
        },
        "owner": {
            "kind": owner_kind,
            "portfolio": draw(PORTFOLIOS) if owner_kind == "portfolio" else None,
        },
    }
