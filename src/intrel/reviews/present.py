"""The impact analysis in the interface language, for the page and the exports.

Everything here reads ``selectors.register_impact``'s result and labels it; no number is computed
again, so the page, the XLSX, the PDF and the DOCX show the command's numbers.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from intrel.assessments.selectors import owner_label
from intrel.core.formatting import day, eur, hours, in_language, number
from intrel.policy import Framework

# (key in ``totals``, label, kind): kind says how the value is shown.
TOTALS: list[tuple[str, Any, str]] = [
    ("relations_assessed", gettext_lazy("Relations assessed"), "count"),
    ("owners_changed", gettext_lazy("Relations that change owner"), "count"),
    ("money_eur_moved_to_committee", gettext_lazy("Money that moves to the committee"), "money"),
    (
        "staff_hours_moved_to_committee",
        gettext_lazy("Staff hours that move to the committee"),
        "hours",
    ),
    ("money_eur_moved_to_ez", gettext_lazy("Money that moves to Economic Affairs"), "money"),
    ("staff_hours_moved_to_ez", gettext_lazy("Staff hours that move to Economic Affairs"), "hours"),
    (
        "money_eur_moved_to_topical_portfolios",
        gettext_lazy("Money that moves to a topical portfolio"),
        "money",
    ),
    (
        "staff_hours_moved_to_topical_portfolios",
        gettext_lazy("Staff hours that move to a topical portfolio"),
        "hours",
    ),
    (
        "involvements_to_resolve",
        gettext_lazy("Administrative involvements to link to an initiative, give an end or end"),
        "count",
    ),
    (
        "triple_helix_to_complete",
        gettext_lazy("Economic relations that need triple-helix partners"),
        "count",
    ),
    ("relations_to_phase_out", gettext_lazy("Relations to phase out"), "count"),
    ("committee_changes", gettext_lazy("Changes in the committee's composition"), "count"),
    (
        "budget_lines_money_eur_moved_to_committee",
        gettext_lazy("Budget lines: money that moves to the committee"),
        "money",
    ),
    (
        "budget_lines_staff_hours_moved_to_committee",
        gettext_lazy("Budget lines: staff hours that move to the committee"),
        "hours",
    ),
]


def show(value: Any, kind: str) -> str:
    """A total as the interface shows it: € 10.000,00, 120 uur, 3."""
    if kind == "money":
        return eur(value)
    if kind == "hours":
        return hours(value)
    return number(value, 0)


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _owner(owner: dict[str, Any], fw: Framework) -> str:
    return owner_label(owner.get("kind"), owner.get("portfolio"), fw)


def relation_view(r: dict[str, Any], fw: Framework) -> dict[str, Any]:
    """One relation entry of the analysis labelled in the interface language."""
    strict, honouring = _date(r["effective_from_strict"]), _date(r["effective_from_honouring"])
    later = (honouring - strict).days if strict and honouring else 0
    moves = r["budget_moves_to"]
    return {
        "id": r["id"],
        "name": r["name"],
        "owner_before": _owner(r["owner_before"], fw),
        "owner_after": _owner(r["owner_after"], fw),
        "owner_changed": r["owner_changed"],
        "findings": [
            {"severity": f["severity"], "text": in_language(f["message"], f["message_en"])}
            for f in r["findings"]
            if f["severity"] != "info"
        ],
        "actions": [
            {
                "text": in_language(a["description"], a["description_en"]),
                "from": _date(a["effective_from"]),
            }
            for a in r["actions"]
        ],
        "strict": strict,
        "honouring": honouring,
        "days_later": later,
        "money": r["money_eur_moved"],
        "hours": r["staff_hours_moved"],
        "moves_to": _owner({"kind": moves["held_by"], "portfolio": moves["portfolio"]}, fw)
        if moves
        else "",
    }


def severity_label(severity: str) -> str:
    return {"violation": _("violation"), "warning": _("warning")}.get(severity, severity)


def impact_present(
    result: dict[str, Any],
    fw: Framework,
    compare_fw: Framework | None = None,
    *,
    list_limit: int | None = None,
):
    """``register_impact``'s result labelled in the interface language: all of it (the
    downloads), or at most ``list_limit`` phase-outs and relations judged differently with the
    number left out (``phase_outs_more``, ``differences_more``). The page gives the result of
    ``selectors.impact_page``: one page of relation rows, the long lists already cut, their
    ``names`` and full counts."""
    totals = result["totals"]
    names = {r["id"]: r["name"] for r in result["relations"]} | result.get("names", {})
    phase_outs = totals["phase_outs"]
    shown_phase_outs = phase_outs if list_limit is None else phase_outs[:list_limit]
    out: dict[str, Any] = {
        "framework_title": in_language(fw.title.nl, fw.title.en),
        "framework_id": fw.id,
        "framework_version": fw.version,
        "as_of": date.fromisoformat(result["as_of"]),
        "relations": [relation_view(r, fw) for r in result["relations"]],
        "totals": [
            {
                "key": key,
                "label": str(label),
                "value": totals[key],
                "shown": show(totals[key], kind),
            }
            for key, label, kind in TOTALS
        ],
        "phase_outs": [
            {
                "name": names[p["id"]],
                "strict": _date(p["from_strict"]),
                "honouring": _date(p["from_honouring"]),
            }
            for p in shown_phase_outs
        ],
        "phase_outs_more": result.get("phase_outs_count", len(phase_outs)) - len(shown_phase_outs),
        "last_strict": _date(totals["last_effective_from_strict"]),
        "last_honouring": _date(totals["last_effective_from_honouring"]),
        "committees": [
            {
                "name": c["name"],
                "findings": [in_language(f["message"], f["message_en"]) for f in c["findings"]],
                "actions": [
                    in_language(a["description"], a["description_en"]) for a in c["actions"]
                ],
            }
            for c in result["committees"]
        ],
        "unassessable": result["unassessable"],
    }
    if compare_fw is not None and "compare_to" in result:
        second = result["compare_to"]["totals"]
        out["compare_title"] = in_language(compare_fw.title.nl, compare_fw.title.en)
        out["compare_totals"] = [
            {
                "label": str(label),
                "a": show(totals[key], kind),
                "b": show(second[key], kind),
                "differs": totals[key] != second[key],
            }
            for key, label, kind in TOTALS
        ]
        differences = result["differences"]
        shown = differences if list_limit is None else differences[:list_limit]
        out["differences_more"] = result.get("differences_count", len(differences)) - len(shown)
        out["differences"] = [
            {
                "name": names.get(d["id"], d["id"]),
                "owner_a": _owner(d["owner"]["framework"], fw),
                "owner_b": _owner(d["owner"]["compare_to"], compare_fw),
                "owner_differs": d["owner_differs"],
                "changes": len(d["findings_added"])
                + len(d["findings_removed"])
                + len(d["actions_added"])
                + len(d["actions_removed"]),
            }
            for d in shown
        ]
    return out


def total_value(result: dict[str, Any], key: str) -> Any:
    return result["totals"][key]


def plain_day(value: date | None) -> str:
    return day(value) if value else "–"


# --- review rounds ------------------------------------------------------------------------------


def _targets(decision: dict[str, Any], fw: Framework) -> list[tuple[str, str]]:
    """The conclusions an officer can set aside, in words (never a code)."""
    out: list[tuple[str, str]] = []
    owner = decision.get("owner")
    if owner:
        out.append(
            (
                "owner",
                _("Owner: %(owner)s")
                % {"owner": owner_label(owner["kind"], owner["portfolio"], fw)},
            )
        )
    for f in decision.get("findings", []):
        out.append((f"finding:{f['code']}", in_language(f["message"], f.get("message_en"))))
    for a in decision.get("actions", []):
        out.append((f"action:{a['code']}", in_language(a["description"], a.get("description_en"))))
    return list(dict(out).items())


def item_row(item: Any, fw: Framework) -> dict[str, Any]:
    """One relation of a round as its detail page shows it."""
    assessment = item.assessment
    decision = assessment.decision if assessment is not None else {}
    owner = decision.get("owner") or {}
    findings = [
        {"severity": f["severity"], "text": in_language(f["message"], f.get("message_en"))}
        for f in decision.get("findings", [])
        if f["severity"] != "info"
    ]
    return {
        "item": item,
        "owner_now": owner_label(item.relation.owner_kind, item.relation.owner_portfolio, fw),
        "owner_after": owner_label(owner.get("kind"), owner.get("portfolio"), fw) if owner else "",
        "findings": findings,
        "actions": [
            in_language(a["description"], a.get("description_en"))
            for a in decision.get("actions", [])
        ],
        "targets": _targets(decision, fw) if decision else [],
    }
