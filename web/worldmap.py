"""A map of the world or of the Americas as SVG, drawn on the server from the country shapes shipped in
web/geo/ (TopoJSON, decoded here), with origin -> destination arcs whose width is the number of cases.

Equirectangular projection, cropped per view: plain and exact enough for routes between countries, and
no dependency. Countries are named as the product stores them (CLDR English names), matched through their
ISO 3166-1 numeric ids. Every country and every arc is a link (the caller gives the URLs).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from pathlib import Path

SHAPES = Path(__file__).with_name("geo") / "countries-110m.json"
ANTARCTICA = "010"
# (west, east, south, north) in degrees, and the drawing's width in px, of each view.
VIEWS = {"world": (-170.0, 190.0, -58.0, 84.0, 960), "americas": (-170.0, -25.0, -57.0, 75.0, 620)}


@dataclass(frozen=True)
class Shape:
    country: str
    rings: tuple[tuple[tuple[float, float], ...], ...]  # lon/lat rings
    centre: tuple[float, float]  # lon/lat of the largest ring's centroid


@lru_cache(maxsize=1)
def shapes() -> tuple[Shape, ...]:
    """Every country of the shipped file (Antarctica left out), with its stored English name."""
    import pycountry
    from babel import Locale

    from service.analysis import stored_country_name as _canonical

    data = json.loads(SHAPES.read_text(encoding="utf-8"))
    (sx, sy), (tx, ty) = data["transform"]["scale"], data["transform"]["translate"]
    arcs: list[list[tuple[float, float]]] = []
    for arc in data["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    names = Locale("en").territories
    out: list[Shape] = []
    for geometry in data["objects"]["countries"]["geometries"]:
        code = geometry.get("id")
        found = pycountry.countries.get(numeric=code) if code else None
        if found is None or code == ANTARCTICA:
            continue
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        rings = tuple(_ring(arcs, ring) for polygon in polygons for ring in polygon)
        country = _canonical(found.alpha_2, names.get(found.alpha_2, found.name))
        out.append(Shape(country, rings, _centre(max(rings, key=_area))))
    return tuple(out)


def _ring(arcs: list[list[tuple[float, float]]], indices: list[int]) -> tuple[tuple[float, float], ...]:
    points: list[tuple[float, float]] = []
    for index in indices:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc[1:] if points else arc)
    return tuple(points)


def _area(ring: tuple[tuple[float, float], ...]) -> float:
    return (
        abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True))) / 2
    )


def _centre(ring: tuple[tuple[float, float], ...]) -> tuple[float, float]:
    signed = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        signed += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if abs(signed) < 1e-9:
        return ring[0]
    return cx / (3 * signed), cy / (3 * signed)


def centres() -> dict[str, tuple[float, float]]:
    return {shape.country: shape.centre for shape in shapes()}


class Projection:
    def __init__(self, view: str) -> None:
        self.west, self.east, self.south, self.north, self.width = VIEWS[view]
        self.scale = self.width / (self.east - self.west)
        self.height = round((self.north - self.south) * self.scale)

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        return round((lon - self.west) * self.scale, 1), round((self.north - lat) * self.scale, 1)


@lru_cache(maxsize=4)
def _paths(view: str) -> tuple[tuple[str, str], ...]:
    """(country, SVG path data) of every country in a view."""
    project = Projection(view)
    out = []
    for shape in shapes():
        parts = []
        for ring in shape.rings:
            # Rings are split at the antimeridian; one west of the view (Chukotka, Fiji) moves round whole.
            # A ring that still crosses it (Russia, Fiji) is drawn east of it.
            lons = [lon for lon, _ in ring]
            if max(lons) - min(lons) > 180:
                ring = tuple((lon + 360 if lon < 0 else lon, lat) for lon, lat in ring)
            shift = 360 if sum(lon for lon, _ in ring) / len(ring) < project.west else 0
            if view == "americas" and not any(
                project.west - 20 <= lon + shift <= project.east + 20 for lon, _ in ring
            ):
                continue
            points = [project(lon + shift, lat) for lon, lat in ring]
            parts.append("M" + "L".join(f"{x:g},{y:g}" for x, y in points) + "Z")
        if parts:
            out.append((shape.country, "".join(parts)))
    return tuple(out)


def render(
    view: str,
    weights: dict[str, int],
    routes: list[tuple[str, str, int]],
    country_url: Callable[[str], str],
    route_url: Callable[[str, str], str],
    title: str,
    label: Callable[[str, str, int], str],
    name: Callable[[str], str] = str,
) -> str:
    """The map as an <svg> element. `weights` shade countries (cases in any role); `routes` are
    (origin, destination, cases) arcs; `label(origin, destination, cases)` is each arc's tooltip and
    `name(country)` a country's name in the reader's language."""
    project = Projection(view)
    top = max(weights.values(), default=0) or 1
    parts = [
        (
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {project.width} {project.height}" '
            f'class="map" role="group" aria-labelledby="map-{view}-title">'
        ),
        f'<title id="map-{view}-title">{escape(title)}</title>',
        (
            f'<defs><marker id="arrow-{view}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="9" '
            'markerHeight="9" markerUnits="userSpaceOnUse" orient="auto"><path d="M0,0L10,5L0,10z" '
            'fill="#b3261e"/></marker></defs>'
        ),
        f'<rect width="{project.width}" height="{project.height}" fill="#eef4f8"/>',
    ]
    for country, path in _paths(view):
        weight = weights.get(country, 0)
        fill = _shade(weight / top) if weight else "#d9d9d6"
        shape = (
            f'<path d="{path}" fill="{fill}" stroke="#ffffff" stroke-width="0.5">'
            f"<title>{escape(name(country))}{f': {weight}' if weight else ''}</title></path>"
        )
        if weight:
            shape = f'<a href="{escape(country_url(country))}" class="country">{shape}</a>'
        parts.append(shape)
    where = centres()
    widest = max((n for _, _, n in routes), default=1)
    for origin, destination, n in sorted(routes, key=lambda r: -r[2]):
        if origin not in where or destination not in where:
            continue
        (x0, y0), (x1, y1) = project(*where[origin]), project(*where[destination])
        mx, my = (x0 + x1) / 2, (y0 + y1) / 2
        dx, dy = x1 - x0, y1 - y0
        bend = 0.25
        cx, cy = mx - dy * bend, my + dx * bend
        width = round(1.5 + 6 * n / max(widest, 4), 1)  # a few cases draw a thin arc, its arrow visible
        tip = escape(label(origin, destination, n))
        parts.append(
            f'<a href="{escape(route_url(origin, destination))}" class="arc">'
            f'<path d="M{x0:g},{y0:g}Q{cx:.1f},{cy:.1f} {x1:g},{y1:g}" fill="none" stroke="#b3261e" '
            f'stroke-opacity="0.75" stroke-width="{width}" stroke-linecap="round" '
            f'marker-end="url(#arrow-{view})"><title>{tip}</title></path></a>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _shade(share: float) -> str:
    """From a pale to a deep blue as a country's share of the largest count grows."""
    share = max(0.0, min(1.0, math.sqrt(share)))
    low, high = (198, 219, 239), (33, 102, 172)
    return "#" + "".join(f"{round(a + (b - a) * share):02x}" for a, b in zip(low, high, strict=True))
