"""The council report of a review round (PDF, DOCX) and its impact table (XLSX)."""

from __future__ import annotations

from django.utils import translation

from intrel.policy import load_framework

from .exports import impact_docx, impact_pdf, impact_xlsx
from .models import ReviewRound
from .present import impact_present
from .selectors import round_impact

REPORT_FORMATS = ("pdf", "docx", "xlsx")


def round_report(*, review_round: ReviewRound, fmt: str, language: str = "nl") -> bytes:
    """The round's report as the bytes of a ``fmt`` file, in ``language``."""
    framework = load_framework(review_round.framework)
    result = round_impact(review_round)
    with translation.override(language):
        view = impact_present(result, framework)
        if fmt == "xlsx":
            return impact_xlsx(result, view)
        if fmt == "pdf":
            return impact_pdf(view)
        if fmt == "docx":
            return impact_docx(view)
    raise ValueError(f"unknown format {fmt!r}")
