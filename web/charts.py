"""Bar charts as SVG, drawn on the server: horizontal bars of counts, and columns by year stacked by form
of exploitation. Every bar is a link to the cases it counts; every text is escaped."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from html import escape

PALETTE = ("#1f5f99", "#b3261e", "#2e7d32", "#8e5b00", "#6a3d9a", "#00796b", "#c2185b", "#5d4037", "#455a64")
BAR, GAP, LABEL_WIDTH, WIDTH = 18, 6, 210, 620


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    href: str


def bars(rows: list[Bar], title: str, ident: str) -> str:
    """Horizontal bars, largest first as given, each with its count at its end."""
    height = max(1, len(rows)) * (BAR + GAP) + GAP
    top = max((row.value for row in rows), default=1) or 1
    room = WIDTH - LABEL_WIDTH - 50
    parts = [
        (
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" class="chart" role="group" '
            f'aria-labelledby="{ident}-title"><title id="{ident}-title">{escape(title)}</title>'
        )
    ]
    for k, row in enumerate(rows):
        y = GAP + k * (BAR + GAP)
        width = max(2, round(room * row.value / top))
        parts.append(
            f'<a href="{escape(row.href)}"><g class="bar"><title>{escape(row.label)}: {row.value}</title>'
            f'<text x="{LABEL_WIDTH - 8}" y="{y + BAR - 5}" text-anchor="end" font-size="13" fill="#222">'
            f"{escape(_short(row.label))}</text>"
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{width}" height="{BAR}" fill="{PALETTE[0]}"/>'
            f'<text x="{LABEL_WIDTH + width + 6}" y="{y + BAR - 5}" font-size="13" fill="#222">{row.value}</text>'
            "</g></a>"
        )
    parts.append("</svg>")
    return "".join(parts)


def stacked_years(
    years: list[dict[str, object]],
    names: Callable[[str], str],
    href: Callable[[int, str | None], str],
    title: str,
    ident: str,
) -> str:
    """One column per year, its height the cases of that year, split by form of exploitation (a case of
    several forms counts in each part, so parts may add up to more than the column), with a legend."""
    forms = sorted({form for row in years for form in row["exploitation"]})  # type: ignore[attr-defined]
    colour = {form: PALETTE[(k + 1) % len(PALETTE)] for k, form in enumerate(forms)}
    column, gap, height, foot = 28, 10, 220, 40
    width = max(WIDTH, len(years) * (column + gap) + 60)
    legend_rows = (len(forms) + 2) // 3
    total_height = height + foot + legend_rows * 20 + 10
    top = max((int(row["cases"]) for row in years), default=1) or 1  # type: ignore[call-overload]
    parts = [
        (
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {total_height}" class="chart" '
            f'role="group" aria-labelledby="{ident}-title"><title id="{ident}-title">{escape(title)}</title>'
        )
    ]
    for k, row in enumerate(years):
        year, cases = int(row["year"]), int(row["cases"])  # type: ignore[call-overload]
        x = 40 + k * (column + gap)
        full = round(height * cases / top)
        parts.append(
            f'<a href="{escape(href(year, None))}"><g class="bar"><title>{year}: {cases}</title>'
            f'<rect x="{x}" y="{height - full}" width="{column}" height="{full}" fill="#c9d6e3"/>'
            f'<text x="{x + column / 2}" y="{height - full - 4}" text-anchor="middle" font-size="12">'
            f"{cases}</text></g></a>"
        )
        y = float(height)
        for form in forms:
            n = int(row["exploitation"].get(form, 0))  # type: ignore[attr-defined]
            if not n:
                continue
            part = height * n / top * 0.999 / max(1.0, sum(row["exploitation"].values()) / cases)  # type: ignore
            y -= part
            parts.append(
                f'<a href="{escape(href(year, form))}"><rect x="{x + 4}" y="{y:.1f}" width="{column - 8}" '
                f'height="{part:.1f}" fill="{colour[form]}"><title>{year}, {escape(names(form))}: {n}'
                "</title></rect></a>"
            )
        parts.append(
            f'<text x="{x + column / 2}" y="{height + 16}" text-anchor="middle" font-size="12">{year}</text>'
        )
    for k, form in enumerate(forms):
        x, y = 40 + (k % 3) * 200, height + foot + (k // 3) * 20
        parts.append(
            f'<rect x="{x}" y="{y - 11}" width="12" height="12" fill="{colour[form]}"/>'
            f'<text x="{x + 18}" y="{y}" font-size="12">{escape(names(form))}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _short(text: str, most: int = 30) -> str:
    return text if len(text) <= most else text[: most - 1] + "…"
