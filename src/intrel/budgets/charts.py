"""Server-rendered inline SVG charts (no JavaScript): bars per group, spending per month.

Each chart is an ``<svg role="img">`` with a title and a description; the page shows the same
numbers in a table beside it, so the chart is never the only way to read them.
"""

from collections.abc import Sequence
from decimal import Decimal

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from intrel.core import formatting

COLOURS = {"available": "#cfd8e3", "committed": "#3b6ea5", "spent": "#1f3f66"}


def _amount(value: Decimal, unit: str) -> str:
    """``€ 10.000`` (nl) / ``€10,000`` (en) for euros, ``1.234 h`` for another unit."""
    if unit == "€":
        return formatting.eur(value, 0)
    return f"{formatting.number(value, 0)}\u00a0{unit}"


def _scale(values: Sequence[Decimal]) -> Decimal:
    top = max((v for v in values), default=Decimal(0))
    return top if top > 0 else Decimal(1)


def _lines(label: str, width: int = 60) -> list[str]:
    """The label in lines of at most ``width`` characters, broken between words (a word longer
    than a line is broken inside it); never shortened, so no name is cut off."""
    lines: list[str] = []
    current = ""
    for word in label.split():
        while len(word) > width:
            if current:
                lines.append(current)
                current = ""
            lines.append(word[:width])
            word = word[width:]
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    if current or not lines:
        lines.append(current)
    return lines


def grouped_bars(
    *, title: str, rows: Sequence[tuple[str, Decimal, Decimal, Decimal]], unit: str = "€"
) -> SafeString:
    """Horizontal bars per row: available (light), committed and spent (dark) on top of it.

    Each row's name stands on its own line(s) above its bar, across the chart's whole width, so
    a long name ("Commissie Internationale Betrekkingen") is read whole at any screen width."""
    width, bar_h, gap, line_h, value_w = 640, 22, 12, 19, 120
    plot_w = width - value_w
    top = _scale([r[1] for r in rows] + [r[2] for r in rows])
    parts = []
    y = 30
    for label, available, committed, spent in rows:
        lines = _lines(label)
        text = format_html_join(
            "",
            '<tspan x="0" dy="{}">{}</tspan>',
            [(0 if i == 0 else line_h, line) for i, line in enumerate(lines)],
        )
        y_label = y + 15
        y_bar = y + len(lines) * line_h + 2
        w_av = float(available / top) * plot_w
        w_co = float(committed / top) * plot_w
        w_sp = float(spent / top) * plot_w
        parts.append(
            format_html(
                '<text x="0" y="{}" class="chart-label">{}</text>'
                '<rect x="0" y="{}" width="{}" height="{}" fill="{}"><title>{}</title></rect>'
                '<rect x="0" y="{}" width="{}" height="{}" fill="{}"><title>{}</title></rect>'
                '<rect x="0" y="{}" width="{}" height="{}" fill="{}"><title>{}</title></rect>'
                '<text x="{}" y="{}" class="chart-value">{}</text>',
                y_label,
                text,
                y_bar,
                _n(w_av),
                bar_h,
                COLOURS["available"],
                f"{label}, {_('available')}: {_amount(available, unit)}",
                y_bar + 4,
                _n(w_co),
                bar_h - 8,
                COLOURS["committed"],
                f"{label}, {_('committed')}: {_amount(committed, unit)}",
                y_bar + 8,
                _n(w_sp),
                bar_h - 16,
                COLOURS["spent"],
                f"{label}, {_('spent')}: {_amount(spent, unit)}",
                _n(max(w_av, w_co) + 6),
                y_bar + bar_h - 6,
                _amount(available, unit),
            )
        )
        y = y_bar + bar_h + gap
    height = y + 4
    legend = format_html_join(
        "",
        '<rect x="{}" y="4" width="12" height="12" fill="{}"></rect>'
        '<text x="{}" y="15" class="chart-legend">{}</text>',
        [
            (i * 150, COLOURS[key], i * 150 + 16, text)
            for i, (key, text) in enumerate(
                [
                    ("available", _("available")),
                    ("committed", _("committed")),
                    ("spent", _("spent")),
                ]
            )
        ],
    )
    return format_html(
        '<svg class="chart" role="img" viewBox="0 0 {} {}" width="100%" '
        'xmlns="http://www.w3.org/2000/svg" aria-labelledby="{}-t"><title id="{}-t">{}</title>'
        "{}{}</svg>",
        width,
        height,
        _id(title),
        _id(title),
        title,
        legend,
        mark_safe("".join(parts)),  # noqa: S308
    )


def month_bars(*, title: str, months: Sequence[tuple[int, Decimal]], unit: str = "€") -> SafeString:
    """Vertical bars, one per month (1-12)."""
    from django.utils.dates import MONTHS_3

    width, height, left, bottom, top_pad = 640, 220, 50, 30, 20
    plot_h = height - bottom - top_pad
    slot = (width - left) / 12
    top = _scale([v for _m, v in months])
    parts = []
    for month, value in months:
        h = float(value / top) * plot_h
        x = left + (month - 1) * slot + 6
        y = height - bottom - h
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="{}" height="{}" fill="{}">'
                "<title>{}: {}</title></rect>"
                '<text x="{}" y="{}" text-anchor="middle" class="chart-label">{}</text>',
                _n(x),
                _n(y),
                _n(slot - 12),
                _n(h),
                COLOURS["spent"],
                MONTHS_3[month],
                _amount(value, unit),
                _n(x + (slot - 12) / 2),
                height - bottom + 16,
                MONTHS_3[month],
            )
        )
        if value:
            parts.append(
                format_html(
                    '<text x="{}" y="{}" text-anchor="middle" class="chart-value">{}</text>',
                    _n(x + (slot - 12) / 2),
                    _n(y - 4),
                    formatting.number(value, 0),
                )
            )
    axis = format_html(
        '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#535353"></line>',
        left,
        height - bottom,
        width,
        height - bottom,
    )
    return format_html(
        '<svg class="chart" role="img" viewBox="0 0 {} {}" width="100%" '
        'xmlns="http://www.w3.org/2000/svg" aria-labelledby="{}-t"><title id="{}-t">{}</title>'
        "{}{}</svg>",
        width,
        height,
        _id(title),
        _id(title),
        title,
        axis,
        mark_safe("".join(parts)),  # noqa: S308
    )


def _n(value: float) -> str:
    """A coordinate (format_html escapes its arguments, so numbers are formatted first)."""
    return f"{value:.1f}"


def _id(title: str) -> str:
    return "chart-" + "".join(c if c.isalnum() else "-" for c in title.lower())[:40]
