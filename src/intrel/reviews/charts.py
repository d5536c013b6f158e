"""The council report's charts, drawn once as shapes and rendered twice: as SVG for the PDF
(WeasyPrint draws it as vectors) and as PNG for the DOCX (Pillow), so both show the same bars,
labels and map. No tile server, no JavaScript: the map is the partners' coordinates on a plain
latitude/longitude grid."""

from __future__ import annotations

import io
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from html import escape
from itertools import groupby
from pathlib import Path
from typing import Any

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
BEFORE, AFTER, INK, GRID, MUTED = "#9db4cf", "#154273", "#1b1b1b", "#d5dde6", "#535353"


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    w: float
    h: float
    fill: str


@dataclass(frozen=True)
class Text:
    x: float
    y: float
    text: str
    anchor: str = "start"  # start | middle | end
    size: float = 11
    bold: bool = False
    fill: str = INK


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    stroke: str = GRID


@dataclass(frozen=True)
class Dot:
    cx: float
    cy: float
    r: float
    fill: str


Shape = Rect | Text | Line | Dot


@dataclass
class Chart:
    width: float
    height: float
    title: str
    shapes: list[Shape] = field(default_factory=list)
    # Names the drawing refers to by number (the map's partners), 1 first: the report writes
    # them as text under the drawing, where they can run over pages.
    legend: list[str] = field(default_factory=list)

    def svg(self) -> str:
        """The chart as an inline ``<svg role="img">`` with its title. Lines of one colour in a
        row are one ``<path>``, so are dots of one colour and size: the map of a thousand
        partners drew two thousand elements, each costing WeasyPrint a cascade."""
        out = [
            f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{self.width}" '
            f'height="{self.height}" viewBox="0 0 {self.width} {self.height}" '
            f'font-family="DejaVu Sans, sans-serif"><title>{escape(self.title)}</title>'
        ]
        for _key, run in groupby(self.shapes, key=_svg_group):
            group = list(run)
            lines = [s for s in group if isinstance(s, Line)]
            dots = [s for s in group if isinstance(s, Dot)]
            if lines:
                d = "".join(f"M{s.x1:.1f} {s.y1:.1f}L{s.x2:.1f} {s.y2:.1f}" for s in lines)
                out.append(
                    f'<path d="{d}" stroke="{lines[0].stroke}" stroke-width="1" fill="none"/>'
                )
            elif dots:
                r = dots[0].r
                d = "".join(
                    f"M{s.cx - r:.1f} {s.cy:.1f}a{r} {r} 0 1 0 {2 * r} 0a{r} {r} 0 1 0 {-2 * r} 0z"
                    for s in dots
                )
                out.append(f'<path d="{d}" fill="{dots[0].fill}"/>')
            else:
                out.extend(_svg_element(s) for s in group)
        out.append("</svg>")
        return "".join(out)

    def png(self, scale: float = 2.0) -> bytes:
        """The chart as a PNG (white background), ``scale`` times its size in pixels."""
        from PIL import Image, ImageDraw, ImageFont

        image = Image.new("RGB", (int(self.width * scale), int(self.height * scale)), "white")
        draw = ImageDraw.Draw(image)
        fonts: dict[tuple[float, bool], ImageFont.FreeTypeFont | ImageFont.ImageFont] = {}

        def font(size: float, bold: bool) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
            key = (size, bold)
            if key not in fonts:
                name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
                try:
                    fonts[key] = ImageFont.truetype(str(FONT_DIR / name), int(size * scale))
                except OSError:
                    fonts[key] = ImageFont.load_default()
            return fonts[key]

        for s in self.shapes:
            if isinstance(s, Rect):
                if s.w > 0:
                    draw.rectangle(
                        [s.x * scale, s.y * scale, (s.x + s.w) * scale, (s.y + s.h) * scale],
                        fill=s.fill,
                    )
            elif isinstance(s, Line):
                draw.line([s.x1 * scale, s.y1 * scale, s.x2 * scale, s.y2 * scale], fill=s.stroke)
            elif isinstance(s, Dot):
                r = s.r * scale
                draw.ellipse(
                    [s.cx * scale - r, s.cy * scale - r, s.cx * scale + r, s.cy * scale + r],
                    fill=s.fill,
                )
            else:
                f = font(s.size, s.bold)
                anchor = {"start": "ls", "middle": "ms", "end": "rs"}[s.anchor]
                draw.text((s.x * scale, s.y * scale), s.text, fill=s.fill, font=f, anchor=anchor)
        buffer = io.BytesIO()
        image.save(buffer, format="PNG")
        return buffer.getvalue()


def _svg_group(shape: Shape) -> tuple[Any, ...]:
    """Shapes in a row with the same key are drawn as one SVG element (lines, dots)."""
    if isinstance(shape, Line):
        return ("line", shape.stroke)
    if isinstance(shape, Dot):
        return ("dot", shape.fill, shape.r)
    return ("one", id(shape))


def _svg_element(s: Shape) -> str:
    if isinstance(s, Rect):
        return (
            f'<rect x="{s.x:.1f}" y="{s.y:.1f}" width="{max(s.w, 0):.1f}" '
            f'height="{s.h:.1f}" fill="{s.fill}"/>'
        )
    if isinstance(s, Text):
        weight = ' font-weight="bold"' if s.bold else ""
        return (
            f'<text x="{s.x:.1f}" y="{s.y:.1f}" font-size="{s.size}" fill="{s.fill}" '
            f'text-anchor="{s.anchor}"{weight}>{escape(s.text)}</text>'
        )
    raise TypeError(f"{type(s).__name__} is drawn in a group")


def _short(label: str, n: int = 40) -> str:
    return label if len(label) <= n else label[: n - 1] + "…"


def before_after_bars(
    *,
    title: str,
    rows: list[tuple[str, Decimal, Decimal]],
    legend: tuple[str, str],
    fmt: Callable[[Decimal], str] = str,
) -> Chart:
    """Per row (a holder) two bars: before (light) and after (dark), with their values."""
    width, label_w, bar_h, gap, top = 680.0, 250.0, 13.0, 12.0, 46.0
    plot_w = width - label_w - 110
    height = top + len(rows) * (2 * bar_h + gap) + 10
    chart = Chart(width, height, title)
    chart.shapes.append(Text(0, 16, title, size=13, bold=True))
    chart.shapes.append(Rect(label_w, 26, 10, 10, BEFORE))
    chart.shapes.append(Text(label_w + 14, 35, legend[0], size=10))
    chart.shapes.append(Rect(label_w + 150, 26, 10, 10, AFTER))
    chart.shapes.append(Text(label_w + 164, 35, legend[1], size=10))
    scale = max([max(b, a) for _, b, a in rows] + [Decimal(1)])
    for i, (label, before, after) in enumerate(rows):
        y = top + i * (2 * bar_h + gap)
        chart.shapes.append(Text(label_w - 8, y + bar_h + 4, _short(label), anchor="end", size=10))
        for j, (value, colour) in enumerate(((before, BEFORE), (after, AFTER))):
            w = float(value / scale) * plot_w
            yy = y + j * bar_h
            chart.shapes.append(Rect(label_w, yy, w, bar_h - 2, colour))
            chart.shapes.append(
                Text(label_w + w + 5, yy + bar_h - 3, fmt(value), size=9, fill=MUTED)
            )
    chart.shapes.append(Line(label_w, top - 4, label_w, height - 8, MUTED))
    return chart


def count_bars(*, title: str, rows: list[tuple[str, int]]) -> Chart:
    """One bar per row (relations by pillar)."""
    width, label_w, bar_h, gap, top = 680.0, 230.0, 18.0, 10.0, 30.0
    plot_w = width - label_w - 60
    height = top + len(rows) * (bar_h + gap) + 6
    chart = Chart(width, height, title)
    chart.shapes.append(Text(0, 16, title, size=13, bold=True))
    scale = max([n for _, n in rows] + [1])
    for i, (label, n) in enumerate(rows):
        y = top + i * (bar_h + gap)
        w = n / scale * plot_w
        chart.shapes.append(Text(label_w - 8, y + bar_h - 5, _short(label), anchor="end", size=10))
        chart.shapes.append(Rect(label_w, y, w, bar_h, AFTER))
        chart.shapes.append(Text(label_w + w + 5, y + bar_h - 5, str(n), size=10, bold=True))
    chart.shapes.append(Line(label_w, top - 4, label_w, height - 4, MUTED))
    return chart


def partner_map(
    *, title: str, home: tuple[str, float, float], partners: list[tuple[str, float, float]]
) -> Chart:
    """The partners (and the municipality) on a latitude/longitude grid, framed around them;
    each partner a numbered dot, the numbers explained in the chart's legend, which the report
    writes under the map (neighbours in one region would hide each other's names; in the
    drawing a thousand names would not fit on a page). Where dots crowd, a number that finds
    no free place under its dot inside the map is left out of the drawing, not drawn over the
    page's edge."""
    width, map_h, pad, top = 680.0, 330.0, 30.0, 28.0
    partners = sorted(partners, key=lambda p: (-p[1], p[2]))
    height = top + map_h + pad
    points = [home, *partners]
    lats = [p[1] for p in points]
    lons = [p[2] for p in points]
    lat0, lat1 = min(lats) - 8, max(lats) + 8
    lon0, lon1 = min(lons) - 12, max(lons) + 12
    plot_w, plot_h = width - 2 * pad, map_h

    def xy(lat: float, lon: float) -> tuple[float, float]:
        return (
            pad + (lon - lon0) / (lon1 - lon0) * plot_w,
            top + (lat1 - lat) / (lat1 - lat0) * plot_h,
        )

    chart = Chart(width, height, title, legend=[name for name, _lat, _lon in partners])
    chart.shapes.append(Text(0, 16, title, size=13, bold=True))
    chart.shapes.append(Rect(pad, top, plot_w, plot_h, "#f3f6fa"))
    step = 10 if max(lat1 - lat0, lon1 - lon0) <= 120 else 30
    lat = (int(lat0) // step + 1) * step
    while lat < lat1:
        x1, y = xy(lat, lon0)
        x2, _ = xy(lat, lon1)
        chart.shapes.append(Line(x1, y, x2, y))
        chart.shapes.append(Text(pad - 3, y + 3, f"{lat}°", anchor="end", size=7, fill=MUTED))
        lat += step
    lon = (int(lon0) // step + 1) * step
    while lon < lon1:
        x, y1 = xy(lat0, lon)
        _, y2 = xy(lat1, lon)
        chart.shapes.append(Line(x, y1, x, y2))
        chart.shapes.append(
            Text(x, top + plot_h + 11, f"{lon}°", anchor="middle", size=7, fill=MUTED)
        )
        lon += step
    hx, hy = xy(home[1], home[2])
    for _name, plat, plon in partners:
        x, y = xy(plat, plon)
        chart.shapes.append(Line(hx, hy, x, y, BEFORE))
    chart.shapes.append(Dot(hx, hy, 5, "#c0392b"))
    chart.shapes.append(
        Text(hx - 8, hy + 4, home[0], anchor="end", size=10, bold=True, fill="#c0392b")
    )
    # The numbers placed so far, by cell of a 16 x 10 grid: a number closer than 16 across and
    # 10 down to another is in that one's cell or a neighbouring one (a thousand partners in
    # one region made comparing with every placed number take seconds).
    placed: dict[tuple[int, int], list[tuple[float, float]]] = defaultdict(list)

    def taken(lx: float, ly: float) -> bool:
        cx, cy = int(lx // 16), int(ly // 10)
        return any(
            abs(lx - px) < 16 and abs(ly - py) < 10
            for i in (cx - 1, cx, cx + 1)
            for j in (cy - 1, cy, cy + 1)
            for px, py in placed.get((i, j), ())
        )

    numbers: list[Text] = []
    for number, (_name, plat, plon) in enumerate(partners, start=1):
        x, y = xy(plat, plon)
        chart.shapes.append(Dot(x, y, 4, AFTER))
        # Numbers of neighbouring dots step down so that none hides another.
        lx, ly = x + 6, y - 4
        while taken(lx, ly):
            ly += 10
        if ly > top + plot_h + 8:
            # Crowded: no room left under the dot inside the map (the legend still names it).
            continue
        placed[int(lx // 16), int(ly // 10)].append((lx, ly))
        numbers.append(Text(lx, ly, str(number), size=9, bold=True))
    # The numbers over every dot (and the dots in a row, drawn as one element).
    chart.shapes.extend(numbers)
    return chart
