"""The council report of a review round ("raadsvoorstel herijking"): PDF (WeasyPrint) and DOCX
(python-docx) with the same content, and the impact table as XLSX.

``report_data`` gathers everything once, in the language asked (Dutch by default): the summary,
the framework's clauses cited, the relations per pillar and per owner with their conclusion, the
impact table, money and hours per holder before and after, the two scenarios, the committee's
advice and the proposed decision, and the charts (SVG for the PDF, PNG for the DOCX, drawn from
the same shapes; the map's numbered partners listed in a table under it). Every number comes
from ``round_impact`` (the command's analysis over the round's relations), so the report's totals
are the impact's.

A round of 1,000 relations makes a PDF of about 250 pages, and its layout is most of the report's
time: the PDF's tables have a fixed layout (their columns' widths are in the template, so
WeasyPrint does not measure every cell's text first), and the DOCX's tables are written through
``core.exports.docx_table``.
"""

from __future__ import annotations

import io
import logging
from collections import defaultdict
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from intrel.assessments.selectors import owner_label
from intrel.core.exports import docx_bytes, docx_table
from intrel.core.formatting import day, eur, hours
from intrel.policy import Framework, load_framework
from intrel.relations.selectors import life_deviations

from .charts import Chart, before_after_bars, count_bars, partner_map
from .constants import RoundStatus, Scenario
from .exports import impact_xlsx
from .models import ReviewRound
from .present import impact_present
from .selectors import round_impact, round_items

REPORT_FORMATS = ("pdf", "docx", "xlsx")
# The memo's clauses that make the review itself, cited in every report where the framework
# has them: review every relation (HER-1), show the impact (IMP-1), honour agreements (IMP-3),
# turn the decision into actions (AAN-1).
REVIEW_CLAUSES = ("HER-1", "IMP-1", "IMP-3", "AAN-1")
PILLARS = ("solidarity", "added_value", "both", "neither", "unknown")


def _pillar_of(decision: dict[str, Any] | None) -> str:
    pillars = (decision or {}).get("pillars")
    if not pillars:
        return "unknown"
    sol, av = pillars["solidarity"]["applies"], pillars["added_value"]["applies"]
    return "both" if sol and av else "solidarity" if sol else "added_value" if av else "neither"


def _pillar_label(key: str) -> str:
    return {
        "solidarity": _("Solidarity"),
        "added_value": _("Added value for the municipality"),
        "both": _("Both pillars"),
        "neither": _("Neither pillar"),
        "unknown": _("Not assessed yet"),
    }[key]


def _conclusion(entry: dict[str, Any], owner_after: str) -> str:
    if entry["phase_out_from_honouring"]:
        return _("Phase out from %(day)s (honouring agreements), %(strict)s strictly.") % {
            "day": day(date.fromisoformat(entry["phase_out_from_honouring"])),
            "strict": day(date.fromisoformat(entry["phase_out_from_strict"])),
        }
    if entry["owner_changed"]:
        return _("Moves to %(owner)s.") % {"owner": owner_after}
    if entry["actions"]:
        return _("Stays with its owner; %(n)d action(s) to bring it in line.") % {
            "n": len(entry["actions"])
        }
    weigh = sum(1 for f in entry["findings"] if f["severity"] != "info")
    if weigh:
        return _("No action asked; %(n)d point(s) to weigh.") % {"n": weigh}
    return _("In line with the framework: nothing changes.")


def _holder(held_by: str | None, portfolio: str | None, fw: Framework) -> str:
    return owner_label(held_by, portfolio, fw) if held_by else _("no holder")


def _money_by_holder(relations: list[dict[str, Any]], fw: Framework) -> list[dict[str, Any]]:
    """Per holder the relations' money and hours before the review and after it."""
    table: dict[str, dict[str, Decimal]] = defaultdict(
        lambda: {
            "money_before": Decimal(0),
            "money_after": Decimal(0),
            "hours_before": Decimal(0),
            "hours_after": Decimal(0),
        }
    )
    for r in relations:
        before = r["budget_before"]
        money = Decimal(str(before["money_eur_per_year"]))
        hrs = Decimal(str(before["staff_hours_per_year"]))
        held = _holder(before["held_by"], before["portfolio"], fw)
        moves = r["budget_moves_to"]
        after = _holder(moves["held_by"], moves["portfolio"], fw) if moves else held
        table[held]["money_before"] += money
        table[held]["hours_before"] += hrs
        table[after]["money_after"] += money
        table[after]["hours_after"] += hrs
    return [
        {"holder": holder, **values, "money_change": values["money_after"] - values["money_before"]}
        for holder, values in sorted(table.items(), key=lambda kv: kv[0].lower())
    ]


def _clauses(result: dict[str, Any], fw: Framework, language: str) -> list[dict[str, str]]:
    ids: list[str] = [c for c in REVIEW_CLAUSES if c in fw.clauses]
    for r in [*result["relations"], *result["committees"]]:
        for item in [*r["findings"], *r["actions"]]:
            ids.extend(item["clauses"])
    out = []
    for clause_id in sorted(dict.fromkeys(ids)):
        clause = fw.clauses.get(clause_id)
        if clause is not None:
            out.append({"id": clause_id, "text": clause.en if language == "en" else clause.nl})
    return out


def report_data(review_round: ReviewRound, language: str = "nl") -> dict[str, Any]:
    """Everything the council report shows, labelled in ``language``."""
    fw = load_framework(review_round.framework)
    result = round_impact(review_round)
    view = impact_present(result, fw)
    totals = result["totals"]
    items = {i.relation.slug: i for i in round_items(review_round)}
    entries = {r["id"]: r for r in result["relations"]}
    relations = []
    for row in view["relations"]:
        entry = entries[row["id"]]
        item = items.get(row["id"])
        decision = item.assessment.decision if item and item.assessment else None
        pillar = _pillar_of(decision)
        relations.append(
            {
                **row,
                "pillar": pillar,
                "pillar_label": _pillar_label(pillar),
                "conclusion": _conclusion(entry, row["owner_after"]),
                "state": item.get_state_display() if item else "",
                "override_reason": item.override_reason if item else "",
            }
        )
    per_pillar = [
        {"label": _pillar_label(p), "relations": [r for r in relations if r["pillar"] == p]}
        for p in PILLARS
    ]
    per_pillar = [g for g in per_pillar if g["relations"]]
    owners: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in relations:
        owners[r["owner_after"] or _("no owner")].append(r)
    per_owner = [{"owner": o, "relations": rs} for o, rs in sorted(owners.items())]
    money = _money_by_holder(result["relations"], fw)
    actions_count = sum(len(r["actions"]) for r in result["relations"])
    summary = [
        _(
            "On %(day)s, %(n)d current relations were reviewed against “%(framework)s”: "
            "%(changed)d change owner, %(phase)d to be phased out."
        )
        % {
            "day": day(review_round.reference_date),
            "n": totals["relations_assessed"],
            "framework": view["framework_title"],
            "changed": totals["owners_changed"],
            "phase": totals["relations_to_phase_out"],
        },
        _(
            "%(committee)s and %(committee_hours)s a year move to the committee, %(ez)s and "
            "%(ez_hours)s to Economic Affairs, %(topical)s and %(topical_hours)s to topical "
            "portfolios."
        )
        % {
            "committee": eur(totals["money_eur_moved_to_committee"]),
            "committee_hours": hours(totals["staff_hours_moved_to_committee"]),
            "ez": eur(totals["money_eur_moved_to_ez"]),
            "ez_hours": hours(totals["staff_hours_moved_to_ez"]),
            "topical": eur(totals["money_eur_moved_to_topical_portfolios"]),
            "topical_hours": hours(totals["staff_hours_moved_to_topical_portfolios"]),
        },
        _(
            "Applied strictly, every change takes effect on %(strict)s; honouring existing "
            "agreements, the last change takes effect on %(honouring)s. The framework asks "
            "%(actions)d actions."
        )
        % {
            "strict": day(view["last_strict"]) or "–",
            "honouring": day(view["last_honouring"]) or "–",
            "actions": actions_count,
        },
    ]
    scenarios = [
        {
            "name": p["name"],
            "strict": p["strict"],
            "honouring": p["honouring"],
            "days": (p["honouring"] - p["strict"]).days if p["strict"] and p["honouring"] else 0,
        }
        for p in view["phase_outs"]
    ]
    later = [r for r in relations if r["days_later"]]
    partners = [
        (
            r.relation.partner.name,
            float(r.relation.partner.latitude),
            float(r.relation.partner.longitude),
        )
        for r in items.values()
        if r.relation.partner.latitude is not None and r.relation.partner.longitude is not None
    ]
    by_pillar = [(str(g["label"]), len(g["relations"])) for g in per_pillar]
    legend = (_("before the review"), _("after the review"))
    charts: list[Chart] = [
        before_after_bars(
            title=_("Money per year by holder, before and after"),
            rows=[(m["holder"], m["money_before"], m["money_after"]) for m in money],
            legend=legend,
            fmt=lambda v: eur(v, 0),
        ),
        before_after_bars(
            title=_("Staff hours per year by holder, before and after"),
            rows=[(m["holder"], m["hours_before"], m["hours_after"]) for m in money],
            legend=legend,
            fmt=hours,
        ),
        count_bars(title=_("Relations by pillar"), rows=by_pillar),
    ]
    if partners:
        charts.append(
            partner_map(
                title=_("The partners abroad"),
                home=(
                    settings.INTREL_MUNICIPALITY,
                    float(settings.INTREL_MUNICIPALITY_LATITUDE),
                    float(settings.INTREL_MUNICIPALITY_LONGITUDE),
                ),
                partners=sorted(set(partners)),
            )
        )
    return {
        "round": review_round,
        "title": _("Council proposal: %(title)s") % {"title": review_round.title},
        "framework_title": view["framework_title"],
        "framework_id": fw.id,
        "framework_version": review_round.framework_version,
        "reference_date": review_round.reference_date,
        "status": RoundStatus(review_round.status).label,
        "summary": summary,
        "clauses": _clauses(result, fw, language),
        "per_pillar": per_pillar,
        "per_owner": per_owner,
        "totals": view["totals"],
        "money": [
            {
                **m,
                "money_before_shown": eur(m["money_before"]),
                "money_after_shown": eur(m["money_after"]),
                "hours_before_shown": hours(m["hours_before"]),
                "hours_after_shown": hours(m["hours_after"]),
            }
            for m in money
        ],
        "last_strict": view["last_strict"],
        "last_honouring": view["last_honouring"],
        "scenarios": scenarios,
        "later": later,
        "committees": view["committees"],
        "advice": review_round.advice,
        "advice_date": review_round.advice_date,
        "proposal": review_round.proposal,
        "proposal_date": review_round.proposal_date,
        "decision": review_round.decision,
        "decision_date": review_round.decision_date,
        "draft_decision": _draft_decision(review_round, totals, actions_count),
        "charts": charts,
        "result": result,
        "view": view,
        # The council's decisions to end a relation against the framework (issue 14): recorded
        # as deviations from IMP-3/IMP-4, shown as such, up to the reference date.
        "deviations": life_deviations(end=review_round.reference_date),
    }


def _draft_decision(review_round: ReviewRound, totals: dict[str, Any], actions: int) -> list[str]:
    """The decision the report proposes when the board has not worded its own."""
    scenario = review_round.scenario or Scenario.HONOURING
    return [
        _("to adopt the review of the international relations as set out in this proposal;"),
        _("to apply the framework %(scenario)s;") % {"scenario": Scenario(scenario).label},
        _(
            "to move the budgets as the impact table shows: %(committee)s to the committee, "
            "%(ez)s to Economic Affairs, %(topical)s to topical portfolios;"
        )
        % {
            "committee": eur(totals["money_eur_moved_to_committee"]),
            "ez": eur(totals["money_eur_moved_to_ez"]),
            "topical": eur(totals["money_eur_moved_to_topical_portfolios"]),
        },
        _(
            "to charge the executive board with the %(n)d actions that follow, and to report on "
            "them to the council."
        )
        % {"n": actions},
    ]


def _deviation_line(change: Any) -> str:
    return _(
        "%(name)s: ended on %(day)s by decision %(ref)s of the council, deviating from the "
        "framework (IMP-3, IMP-4). Reasons: %(reasons)s"
    ) % {
        "name": change.relation_name,
        "day": day(change.step.date),
        "ref": change.decision or "–",
        "reasons": change.reasons or "–",
    }


def _legend_rows(names: list[str], per_row: int) -> list[list[str]]:
    """The numbered names of a chart's legend, ``per_row`` (number, name) pairs a row, in
    reading order; the last row filled with empty cells."""
    cells = [text for number, name in enumerate(names, start=1) for text in (str(number), name)]
    width = 2 * per_row
    cells += [""] * (-len(cells) % width)
    return [cells[i : i + width] for i in range(0, len(cells), width)]


def report_html(data: dict[str, Any]) -> str:
    """The HTML the PDF is laid out from."""
    return render_to_string(
        "reviews/report_pdf.html",
        {
            **data,
            "svgs": [c.svg() for c in data["charts"]],
            "legends": [_legend_rows(c.legend, 3) for c in data["charts"]],
            "deviation_lines": [_deviation_line(c) for c in data["deviations"]],
        },
    )


def report_pdf(data: dict[str, Any]) -> bytes:
    from weasyprint import HTML

    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    return bytes(HTML(string=report_html(data)).write_pdf())


def report_docx(data: dict[str, Any]) -> bytes:
    from docx import Document
    from docx.shared import Cm

    doc = Document()
    doc.add_heading(data["title"], level=0)
    doc.add_paragraph(
        _(
            "“%(framework)s” (%(id)s, version %(version)s), reference date %(day)s. "
            "Status: %(status)s."
        )
        % {
            "framework": data["framework_title"],
            "id": data["framework_id"],
            "version": data["framework_version"],
            "day": day(data["reference_date"]),
            "status": data["status"],
        }
    )
    doc.add_heading(_("Summary"), level=1)
    for line in data["summary"]:
        doc.add_paragraph(line)
    doc.add_heading(_("The framework"), level=1)
    for clause in data["clauses"]:
        p = doc.add_paragraph(style="List Bullet")
        p.add_run(f"{clause['id']} ").bold = True
        p.add_run(clause["text"])

    def relation_table(rows: list[dict[str, Any]]) -> None:
        docx_table(
            doc,
            (_("Relation"), _("Owner now"), _("Owner under the framework"), _("Conclusion")),
            [(r["name"], r["owner_before"], r["owner_after"], r["conclusion"]) for r in rows],
        )

    doc.add_heading(_("Relations per pillar"), level=1)
    for group in data["per_pillar"]:
        doc.add_heading(group["label"], level=2)
        relation_table(group["relations"])
    doc.add_heading(_("Relations per owner"), level=1)
    for group in data["per_owner"]:
        doc.add_heading(group["owner"], level=2)
        relation_table(group["relations"])
    if data["deviations"]:
        doc.add_heading(_("Deviations from the framework"), level=1)
        for c in data["deviations"]:
            doc.add_paragraph(_deviation_line(c), style="List Bullet")
    doc.add_heading(_("The impact table"), level=1)
    docx_table(doc, (_("Total"), _("Value")), [(t["label"], t["shown"]) for t in data["totals"]])
    doc.add_heading(_("Money and hours"), level=1)
    docx_table(
        doc,
        (_("Holder"), _("Money before"), _("Money after"), _("Hours before"), _("Hours after")),
        [
            (
                m["holder"],
                m["money_before_shown"],
                m["money_after_shown"],
                m["hours_before_shown"],
                m["hours_after_shown"],
            )
            for m in data["money"]
        ],
    )
    for chart in data["charts"]:
        doc.add_picture(io.BytesIO(chart.png()), width=Cm(16))
        if chart.legend:
            docx_table(
                doc,
                (_("No."), _("Partner")) * 3,
                _legend_rows(chart.legend, 3),
            )
    doc.add_heading(_("Two scenarios"), level=1)
    doc.add_paragraph(
        _(
            "Applied strictly, every change takes effect on %(strict)s; honouring existing "
            "agreements, the last change takes effect on %(honouring)s."
        )
        % {
            "strict": day(data["last_strict"]) or "–",
            "honouring": day(data["last_honouring"]) or "–",
        }
    )
    for s in data["later"]:
        doc.add_paragraph(
            _(
                "%(name)s: %(strict)s strictly, %(honouring)s honouring agreements "
                "(%(n)d days later)."
            )
            % {
                "name": s["name"],
                "strict": day(s["strict"]),
                "honouring": day(s["honouring"]),
                "n": s["days_later"],
            },
            style="List Bullet",
        )
    doc.add_heading(_("The committee's advice"), level=1)
    if data["advice_date"]:
        doc.add_paragraph(f"{day(data['advice_date'])}: {data['advice']}")
    else:
        doc.add_paragraph(_("The committee has not advised yet."))
    doc.add_heading(_("Proposed decision"), level=1)
    if data["decision_date"]:
        doc.add_paragraph(
            _("The council decided on %(day)s:") % {"day": day(data["decision_date"])}
        )
        doc.add_paragraph(data["decision"])
    elif data["proposal_date"]:
        doc.add_paragraph(
            _("The executive board proposed on %(day)s:") % {"day": day(data["proposal_date"])}
        )
        doc.add_paragraph(data["proposal"])
    else:
        doc.add_paragraph(_("The council decides:"))
        for line in data["draft_decision"]:
            doc.add_paragraph(line, style="List Number")
    return docx_bytes(doc)


def round_report(*, review_round: ReviewRound, fmt: str, language: str = "nl") -> bytes:
    """The round's report as the bytes of a ``fmt`` file, in ``language``; the same data gives
    the same content."""
    with translation.override(language):
        data = report_data(review_round, language)
        if fmt == "xlsx":
            return impact_xlsx(data["result"], data["view"])
        if fmt == "pdf":
            return report_pdf(data)
        if fmt == "docx":
            return report_docx(data)
    raise ValueError(f"unknown format {fmt!r}")


def round_report_files(
    *,
    review_round: ReviewRound,
    language: str = "nl",
    progress: Callable[[int, str], None] = lambda percent, step: None,
) -> dict[str, bytes]:
    """The round's report in every format (PDF, DOCX, XLSX) from one reading of the data,
    calling ``progress(percent, step)`` as each part is done (for the background task)."""
    with translation.override(language):
        progress(5, _("Reading the relations and computing the impact"))
        data = report_data(review_round, language)
        files = {}
        builders = {
            "pdf": (lambda: report_pdf(data), _("Writing the PDF")),
            "docx": (lambda: report_docx(data), _("Writing the DOCX")),
            "xlsx": (lambda: impact_xlsx(data["result"], data["view"]), _("Writing the XLSX")),
        }
        for n, fmt in enumerate(REPORT_FORMATS):
            build, step = builders[fmt]
            progress(25 + 25 * n, step)
            files[fmt] = build()
        return files
