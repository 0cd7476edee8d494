"""Server-side SVG charts: readable at a glance, no JavaScript, no external files.

Every chart comes with a table of the same figures on the page (for screen readers and
for copying); the SVG carries a <title> and a <desc> and is exposed as one image.
"""

from html import escape
from itertools import count

import math


WIDTH, HEIGHT = 360, 150
PAD_LEFT, PAD_RIGHT, PAD_TOP, PAD_BOTTOM = 48, 26, 12, 28
LINE = "#0b5394"  # 7.6:1 on white
TARGET = "#9c2b00"
AVERAGE = "#4d4d4d"
PALETTE = ("#0b5394", "#9c2b00", "#2e6b1f", "#6a1b9a", "#4d4d4d")
_ids = count(1)


def number(value, unit="", language="it"):
    """A figure as people read it: Italian decimal comma, thousands separator, unit."""
    if value is None:
        return "–"
    digits = 0 if unit in ("count", "euro") or float(value).is_integer() else 1
    if unit == "boolean" and not float(value).is_integer():
        value, unit, digits = value * 100, "percent", 0
    text = f"{value:,.{digits}f}"
    if language == "it":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    suffix = {"percent": " %", "euro": " €", "mbps": " Mbit/s", "per_1000": " ‰", "days": " gg"}
    return text + suffix.get(unit, "")


def _scale(values, unit):
    top = max(values) if values else 1
    if unit == "percent":
        return 0.0, 100.0
    if unit == "boolean":
        return 0.0, 1.0
    low = min(0.0, min(values)) if values else 0.0
    if top <= low:
        top = low + 1
    magnitude = 10 ** math.floor(math.log10(top - low)) if top > low else 1
    return low, math.ceil(top / magnitude) * magnitude


def _open(title, desc, width, height):
    ident = f"pc-chart-{next(_ids)}"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="pc-chart" role="img" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'aria-labelledby="{ident}-t {ident}-d">'
        f'<title id="{ident}-t">{escape(title)}</title>'
        f'<desc id="{ident}-d">{escape(desc)}</desc>'
    )


def trend(points, unit, title, target=None, average=None, language="it"):
    """A line over periods: ``points`` is [(period, value)]; optional target line."""
    desc = "; ".join(f"{p}: {number(v, unit, language)}" for p, v in points) or "—"
    svg = [_open(title, desc, WIDTH, HEIGHT)]
    values = [v for _, v in points] + [x for x in (target, average) if x is not None]
    low, high = _scale(values, unit)
    plot_w = WIDTH - PAD_LEFT - PAD_RIGHT
    plot_h = HEIGHT - PAD_TOP - PAD_BOTTOM

    def y(value):
        return PAD_TOP + plot_h - (value - low) / (high - low) * plot_h

    def x(index):
        if len(points) == 1:
            return PAD_LEFT + plot_w / 2
        return PAD_LEFT + index * plot_w / (len(points) - 1)

    svg.append(
        f'<g font-family="sans-serif" font-size="11" fill="#1a1a1a">'
        f'<line x1="{PAD_LEFT}" y1="{y(low):.1f}" x2="{WIDTH - PAD_RIGHT}" y2="{y(low):.1f}" '
        f'stroke="#595959"/>'
        f'<text x="{PAD_LEFT - 4}" y="{y(high) + 4:.1f}" text-anchor="end">'
        f"{escape(number(high, unit, language))}</text>"
        f'<text x="{PAD_LEFT - 4}" y="{y(low):.1f}" text-anchor="end">'
        f"{escape(number(low, unit, language))}</text>"
    )
    if target is not None:
        svg.append(
            f'<line x1="{PAD_LEFT}" y1="{y(target):.1f}" x2="{WIDTH - PAD_RIGHT}" '
            f'y2="{y(target):.1f}" stroke="{TARGET}" stroke-dasharray="6 4" '
            f'class="pc-chart-target"/>'
        )
    if average is not None:
        svg.append(
            f'<line x1="{PAD_LEFT}" y1="{y(average):.1f}" x2="{WIDTH - PAD_RIGHT}" '
            f'y2="{y(average):.1f}" stroke="{AVERAGE}" stroke-dasharray="2 3"/>'
        )
    if len(points) > 1:
        path = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, (_, v) in enumerate(points))
        svg.append(
            f'<polyline points="{path}" fill="none" stroke="{LINE}" stroke-width="2.5" '
            f'class="pc-chart-line"/>'
        )
    for i, (_period, value) in enumerate(points):
        svg.append(
            f'<circle cx="{x(i):.1f}" cy="{y(value):.1f}" r="3.5" fill="{LINE}" '
            f'class="pc-chart-point"/>'
        )
    labels = points if len(points) <= 6 else [points[0], points[-1]]
    for period, _ in labels:
        index = [p for p, _ in points].index(period)
        svg.append(
            f'<text x="{x(index):.1f}" y="{HEIGHT - 8}" text-anchor="middle">'
            f"{escape(period)}</text>"
        )
    svg.append("</g></svg>")
    return "".join(svg)


def bars(items, unit, title, language="it"):
    """Horizontal bars, one per territory: ``items`` is [(label, value or None)]."""
    desc = "; ".join(f"{label}: {number(v, unit, language)}" for label, v in items)
    row = 26
    height = PAD_TOP + row * len(items) + 8
    label_w = 130
    width = WIDTH + 60
    svg = [_open(title, desc, width, height)]
    values = [v for _, v in items if v is not None]
    low, high = _scale(values or [0.0], unit)
    plot_w = width - label_w - 70
    svg.append('<g font-family="sans-serif" font-size="12" fill="#1a1a1a">')
    for i, (label, value) in enumerate(items):
        top = PAD_TOP + i * row
        svg.append(
            f'<text x="{label_w - 6}" y="{top + 16}" text-anchor="end">{escape(label[:20])}</text>'
        )
        if value is None:
            svg.append(f'<text x="{label_w}" y="{top + 16}">–</text>')
            continue
        length = max(1.0, (value - low) / (high - low) * plot_w)
        svg.append(
            f'<rect x="{label_w}" y="{top + 4}" width="{length:.1f}" height="16" '
            f'fill="{PALETTE[i % len(PALETTE)]}" class="pc-chart-bar"/>'
            f'<text x="{label_w + length + 4:.1f}" y="{top + 16}">'
            f"{escape(number(value, unit, language))}</text>"
        )
    svg.append("</g></svg>")
    return "".join(svg)
