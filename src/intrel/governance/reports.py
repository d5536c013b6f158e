"""The committee's annual report as PDF (WeasyPrint renders the report's HTML template)."""

from django.http import HttpRequest
from django.template.loader import render_to_string

from .selectors import AnnualReport


def annual_report_pdf(*, report: AnnualReport, request: HttpRequest | None = None) -> bytes:
    """The PDF of ``report``: goals, meetings, decisions with their votes, money spent."""
    from weasyprint import HTML

    html = render_to_string(
        "governance/annual_report_pdf.html", {"report": report}, request=request
    )
    return bytes(HTML(string=html).write_pdf())
