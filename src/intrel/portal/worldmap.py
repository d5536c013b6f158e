"""The world map of the public portal, drawn server-side as SVG from Natural Earth shapes.

The shapes are the npm package ``world-atlas`` (TopoJSON of Natural Earth's 1:110m countries,
public domain), copied into ``static/vendor`` by ``make assets``; nothing is fetched over the
network. The TopoJSON is decoded here once per process (arcs are delta-encoded, quantised
integer pairs; a ring lists arc indexes, a negative index ``~i`` meaning arc ``i`` reversed) and
projected equirectangularly: the map only has to put a marker in the right country.
"""

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import pycountry

SHAPES_FILE = (
    Path(__file__).resolve().parents[1] / "static" / "vendor" / "world-countries-110m.json"
)

WIDTH = 1000.0
NORTH = 84.0  # the top of the drawn map (degrees latitude)
SOUTH = -58.0  # Antarctica and the far south are left out
HEIGHT = round((NORTH - SOUTH) / 360.0 * WIDTH, 1)
ANTARCTICA = "010"

Point = tuple[float, float]
Ring = list[Point]


class MapDataMissing(RuntimeError):
    """The country shapes are not installed (run ``make assets``)."""


@dataclass(frozen=True)
class Country:
    numeric: str  # ISO 3166-1 numeric, as world-atlas names each shape
    name: str
    path: str  # SVG path data, already projected
    centroid: Point  # (longitude, latitude) of the largest ring's centre
    bbox: tuple[float, float, float, float]  # west, south, east, north (degrees)


def project(lon: float, lat: float) -> Point:
    """Equirectangular: longitude and latitude straight to x and y (origin top left)."""
    x = (lon + 180.0) / 360.0 * WIDTH
    y = (NORTH - lat) / 360.0 * WIDTH
    return round(x, 1), round(y, 1)


def decode_arcs(topology: dict[str, Any]) -> list[Ring]:
    """Every arc as absolute (longitude, latitude) points."""
    transform = topology.get("transform")
    arcs: list[Ring] = []
    for arc in topology["arcs"]:
        points: Ring = []
        x = y = 0.0
        for position in arc:
            if transform:
                x += position[0]
                y += position[1]
                sx, sy = transform["scale"]
                tx, ty = transform["translate"]
                points.append((x * sx + tx, y * sy + ty))
            else:
                points.append((float(position[0]), float(position[1])))
        arcs.append(points)
    return arcs


def ring_points(indexes: list[int], arcs: list[Ring]) -> Ring:
    """A ring from its arcs: each arc's first point repeats the previous arc's last, so it is
    dropped for all but the first arc."""
    ring: Ring = []
    for n, index in enumerate(indexes):
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        ring.extend(arc if n == 0 else arc[1:])
    return ring


def _area_and_centre(ring: Ring) -> tuple[float, Point]:
    """Signed area (shoelace) and centroid of a ring in degrees."""
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    area /= 2.0
    if abs(area) < 1e-12:
        xs, ys = [p[0] for p in ring], [p[1] for p in ring]
        return 0.0, (sum(xs) / len(xs), sum(ys) / len(ys))
    return area, (cx / (6.0 * area), cy / (6.0 * area))


def _wrap(point: Point) -> Point:
    """A longitude past the antimeridian (Chukotka is drawn east of 180°) back into range."""
    lon, lat = point
    return ((lon + 180.0) % 360.0) - 180.0, lat


def _unwrap(ring: Ring) -> Ring:
    """A ring that crosses the antimeridian (Fiji) is moved east of it as a whole, so no edge
    runs across the whole map; the part past 180° falls outside the drawing."""
    lons = [p[0] for p in ring]
    if max(lons) - min(lons) <= 180.0:
        return ring
    return [(lon + 360.0 if lon < 0 else lon, lat) for lon, lat in ring]


def _path(rings: list[Ring]) -> str:
    parts = []
    for ring in map(_unwrap, rings):
        points = [project(lon, max(min(lat, NORTH), SOUTH)) for lon, lat in ring]
        parts.append("M" + "L".join(f"{x:g},{y:g}" for x, y in points) + "Z")
    return "".join(parts)


@lru_cache(maxsize=1)
def countries() -> dict[str, Country]:
    """The countries by ISO 3166-1 alpha-2 code (shapes without an ISO code, such as Northern
    Cyprus, are kept under their name so the map has no holes)."""
    try:
        topology = json.loads(SHAPES_FILE.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:  # pragma: no cover - make assets installs it
        raise MapDataMissing(f"{SHAPES_FILE} is missing: run 'make assets'") from exc
    arcs = decode_arcs(topology)
    out: dict[str, Country] = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        numeric = str(geometry.get("id") or "")
        if numeric == ANTARCTICA:
            continue
        if geometry["type"] == "Polygon":
            polygons = [geometry["arcs"]]
        elif geometry["type"] == "MultiPolygon":
            polygons = geometry["arcs"]
        else:
            continue
        rings = [ring_points(ring, arcs) for polygon in polygons for ring in polygon]
        outer = [ring_points(polygon[0], arcs) for polygon in polygons]
        largest = max(outer, key=lambda r: abs(_area_and_centre(r)[0]))
        record = pycountry.countries.get(numeric=numeric) if numeric else None
        code = record.alpha_2 if record is not None else geometry["properties"]["name"]
        out[code] = Country(
            numeric=numeric,
            name=geometry["properties"]["name"],
            path=_path(rings),
            centroid=_wrap(_area_and_centre(largest)[1]),
            bbox=(
                min(p[0] for r in rings for p in r),
                min(p[1] for r in rings for p in r),
                max(p[0] for r in rings for p in r),
                max(p[1] for r in rings for p in r),
            ),
        )
    return out


# Europe, enlarged beside the world map: most of a Dutch municipality's partners lie there, too
# close together to tell apart at world scale.
EUROPE = (-11.0, 35.5, 32.0, 61.0)  # west, south, east, north


def view_box(west: float, south: float, east: float, north: float) -> str:
    """The SVG viewBox that shows this part of the map."""
    x0, y0 = project(west, north)
    x1, y1 = project(east, south)
    return f"{x0:g} {y0:g} {x1 - x0:g} {y1 - y0:g}"


def inside(lon: float, lat: float, box: tuple[float, float, float, float]) -> bool:
    west, south, east, north = box
    return west <= lon <= east and south <= lat <= north


def country_centre(code: str) -> Point | None:
    """(longitude, latitude) of a country's centre, None for a code the shapes lack."""
    country = countries().get(code.upper())
    return country.centroid if country else None
