"""Letters to the partner (issue 14), in Dutch and in English, as DOCX and PDF.

Two letters, generated from the relation's data and the step that calls for them:

- the **notice** (a ``notice`` step, or a council's ``ended`` step with ``deviation``): both
  cities, the history of the tie, the decision and its reasons, the effective date, thanks;
- the **acknowledgement** of an end by the partner (an ``ended_by_partner`` step): their letter
  and its date, the effective date, the history of the tie, thanks.

The content is put together once (``letter_content``) in the letter's language; the DOCX
(python-docx, through ``core.exports``) and the PDF (WeasyPrint, the same HTML template) show the
same paragraphs. Texts a user typed (the reasons) are quoted as typed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from intrel.core import formatting
from intrel.core.exports import docx_bytes

from .models import LifeStep

LANGUAGES = ("nl", "en")
FORMATS = ("docx", "pdf")
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


@dataclass
class Letter:
    """A letter's parts in its language: place and date, addressee, subject, paragraphs."""

    language: str
    place_and_date: str
    addressee: str
    subject: str
    salutation: str
    paragraphs: list[str] = field(default_factory=list)
    closing: str = ""
    signature: str = ""
    filename: str = ""


def has_letter(step: LifeStep) -> bool:
    """Whether the step calls for a letter to the partner."""
    return step.has_letter


def _reasons(step: LifeStep) -> str:
    """The reasons of the ending: the proposal's (and, for a deviation, the council's own)."""
    if step.kind == "ended" and step.deviation:
        return step.text
    proposal = (
        step.relation.life_steps.filter(kind="proposal", date__lte=step.date)
        .order_by("date", "created_at", "id")
        .last()
    )
    return proposal.text if proposal is not None else ""


def _history(step: LifeStep, us: str, them: str) -> list[str]:
    relation = step.relation
    lines = []
    if relation.start_date:
        lines.append(
            _("Since %(day)s, %(us)s and %(them)s have been linked by the relation “%(name)s”.")
            % {
                "day": formatting.day(relation.start_date),
                "us": us,
                "them": them,
                "name": relation.name,
            }
        )
    else:
        lines.append(
            _("%(us)s and %(them)s have been linked by the relation “%(name)s”.")
            % {"us": us, "them": them, "name": relation.name}
        )
    agreements = list(relation.agreements.order_by("signed", "pk"))
    if agreements:
        lines.append(
            _("The tie rests on: %(list)s.")
            % {
                "list": "; ".join(
                    _("%(title)s, signed on %(day)s")
                    % {"title": a.title, "day": formatting.day(a.signed)}
                    for a in agreements
                )
            }
        )
    activities = relation.activities.order_by("date")
    first, last = activities.first(), activities.last()
    if first is not None and last is not None:
        lines.append(
            _("Over the years it brought %(n)d recorded activities, from %(first)s to %(last)s.")
            % {
                "n": activities.count(),
                "first": formatting.day(first.date),
                "last": formatting.day(last.date),
            }
        )
    return lines


def letter_content(step: LifeStep, language: str) -> Letter:
    """The letter the step calls for, in ``language`` (``nl`` or ``en``)."""
    if language not in LANGUAGES or not has_letter(step):
        raise ValueError(f"no letter for step {step.pk} in {language!r}")
    relation = step.relation
    us = settings.INTREL_MUNICIPALITY
    them = relation.partner.name
    with translation.override(language):
        effective = formatting.day(step.effective_date or step.date)
        letter = Letter(
            language=language,
            place_and_date=f"{us}, {formatting.day(step.date)}",
            addressee=_("To the municipality of %(them)s") % {"them": them},
            subject="",
            salutation=_("Dear Mayor,"),
            closing=_("Yours sincerely,"),
            signature=_("The mayor and aldermen of %(us)s") % {"us": us},
        )
        history = _history(step, us, them)
        thanks = _(
            "We thank you, and everyone in %(them)s and in %(us)s who carried this relation over "
            "the years, for the friendship, the meetings and the work done together."
        ) % {"us": us, "them": them}
        if step.kind == "ended_by_partner":
            letter.filename = f"{relation.slug}-acknowledgement-{language}"
            letter.subject = _("Your letter ending the relation between %(them)s and %(us)s") % {
                "us": us,
                "them": them,
            }
            letter.paragraphs = [
                _(
                    "We have received your letter of %(day)s, in which you end the relation "
                    "between %(them)s and %(us)s."
                )
                % {"day": formatting.day(step.date), "us": us, "them": them},
                _("Your letter says: “%(text)s”") % {"text": step.text},
                _(
                    "We respect your decision and confirm that the relation ends on %(day)s. "
                    "We have recorded this in our register."
                )
                % {"day": effective},
                *history,
                thanks,
            ]
            return letter
        letter.filename = f"{relation.slug}-notice-{language}"
        letter.subject = _("Ending of the relation between %(us)s and %(them)s") % {
            "us": us,
            "them": them,
        }
        decision = step.decision
        paragraphs = list(history)
        if decision is not None:
            paragraphs.append(
                _(
                    "By its decision of %(day)s (reference %(ref)s), the %(body)s of %(us)s "
                    "decided to end the relation."
                )
                % {
                    "day": formatting.day(decision.meeting.date),
                    "ref": decision.identifier,
                    "body": decision.get_body_display(),
                    "us": us,
                }
            )
        reasons = _reasons(step)
        if reasons:
            paragraphs.append(_("The reasons: %(text)s") % {"text": reasons})
        consulted = [
            s.party
            for s in relation.life_steps.filter(kind="consultation", date__lte=step.date)
            if s.party
        ]
        if consulted and not step.deviation:
            paragraphs.append(
                _("Before deciding, we consulted: %(parties)s.")
                % {"parties": ", ".join(dict.fromkeys(consulted))}
            )
        if step.deviation:
            paragraphs.append(
                _("The relation ends on %(day)s, by the council's own decision.")
                % {"day": effective}
            )
        elif step.partner_consent:
            paragraphs.append(
                _("As agreed with you, the relation ends on %(day)s.") % {"day": effective}
            )
        else:
            paragraphs.append(
                _(
                    "In keeping with the agreements between us, this notice takes effect on "
                    "%(day)s; the relation ends on that date."
                )
                % {"day": effective}
            )
        paragraphs.append(thanks)
        letter.paragraphs = paragraphs
    return letter


def letter_docx(letter: Letter) -> bytes:
    from docx import Document

    doc = Document()
    doc.core_properties.title = letter.subject
    doc.core_properties.language = letter.language
    doc.add_paragraph(letter.place_and_date)
    doc.add_paragraph(letter.addressee)
    heading = doc.add_paragraph()
    heading.add_run(letter.subject).bold = True
    doc.add_paragraph(letter.salutation)
    for text in letter.paragraphs:
        doc.add_paragraph(text)
    doc.add_paragraph(letter.closing)
    doc.add_paragraph(letter.signature)
    return docx_bytes(doc)


def letter_pdf(letter: Letter) -> bytes:
    from weasyprint import HTML

    html = render_to_string("relations/letter_pdf.html", {"letter": letter})
    return bytes(HTML(string=html).write_pdf())


def letter_file(step: LifeStep, language: str, fmt: str) -> tuple[bytes, str]:
    """The letter as (bytes, file name) in ``language`` and ``fmt`` (``docx`` or ``pdf``)."""
    letter = letter_content(step, language)
    data = letter_docx(letter) if fmt == "docx" else letter_pdf(letter)
    return data, f"{letter.filename}.{fmt}"
