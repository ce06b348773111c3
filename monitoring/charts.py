"""Server-rendered SVG charts, readable without colour: every series has its own pattern (solid,
hatched, dotted, cross-hatched) or marker shape, every bar and point carries its value as text,
and each chart has a <title> and <desc> and sits next to a table with the same figures."""

from django.utils.html import escape
from django.utils.safestring import mark_safe

from . import disclosure

WIDTH = 640
BAR = 14
COLOURS = ["#0b4aa2", "#b35900", "#2f6b2f", "#6b2f6b"]
MARKERS = ["circle", "square", "triangle", "diamond"]


def _patterns(key):
    c = COLOURS
    return (
        f'<defs>'
        f'<pattern id="{key}-p0" width="6" height="6" patternUnits="userSpaceOnUse">'
        f'<rect width="6" height="6" fill="{c[0]}"/></pattern>'
        f'<pattern id="{key}-p1" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        f'<rect width="6" height="6" fill="#fff"/><rect width="3" height="6" fill="{c[1]}"/></pattern>'
        f'<pattern id="{key}-p2" width="6" height="6" patternUnits="userSpaceOnUse">'
        f'<rect width="6" height="6" fill="#fff"/><circle cx="3" cy="3" r="1.8" fill="{c[2]}"/></pattern>'
        f'<pattern id="{key}-p3" width="6" height="6" patternUnits="userSpaceOnUse">'
        f'<rect width="6" height="6" fill="#fff"/><path d="M0 0L6 6M6 0L0 6" stroke="{c[3]}" stroke-width="1.4"/>'
        f'</pattern></defs>'
    )


def _number(value):
    return isinstance(value, int | float) and not isinstance(value, bool)


def _text(value, suffix=""):
    if value is None:
        return disclosure.WITHHELD
    if value == disclosure.SMALL:
        return disclosure.SMALL
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",") + suffix
    return f"{value}{suffix}"


def bar_chart(key, title, desc, categories, series, *, suffix=""):
    """Horizontal grouped bars: per category its name on a line of its own (never cut off, however
    long), then one bar per series with its value written next to it. Nothing to draw: no chart
    (the table says so)."""
    if not categories:
        return ""
    label_h = 16
    group_h = label_h + BAR * len(series) + 8
    legend_h = 22 if len(series) > 1 else 0
    height = legend_h + group_h * max(len(categories), 1) + 6
    values = [v for _, vals in series for v in vals if _number(v)]
    top = max(values, default=0) or 1
    span = WIDTH - 70
    parts = [f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" width="100%" role="img" '
             f'aria-labelledby="{key}-t {key}-d" xmlns="http://www.w3.org/2000/svg">',
             f'<title id="{key}-t">{escape(title)}</title><desc id="{key}-d">{escape(desc)}</desc>', _patterns(key)]
    x = 0
    if len(series) > 1:
        for i, (label, _vals) in enumerate(series):
            parts.append(f'<rect x="{x}" y="4" width="14" height="14" fill="url(#{key}-p{i % 4})" stroke="#333"/>'
                         f'<text x="{x + 18}" y="15" font-size="12">{escape(label)}</text>')
            x += 26 + 7 * len(str(label))
    for row, category in enumerate(categories):
        y0 = legend_h + row * group_h + 2
        parts.append(f'<text x="0" y="{y0 + 12}" font-size="12" font-weight="600">{escape(category)}</text>')
        for i, (_label, vals) in enumerate(series):
            value = vals[row]
            y = y0 + label_h + i * BAR
            width = round(span * value / top) if _number(value) and value > 0 else 0
            parts.append(f'<rect x="0" y="{y}" width="{width}" height="{BAR - 2}" '
                         f'fill="url(#{key}-p{i % 4})" stroke="#333" stroke-width="0.5"/>')
            parts.append(f'<text x="{width + 4}" y="{y + BAR - 4}" font-size="11">'
                         f'{escape(_text(value, suffix))}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


def _marker(kind, x, y, colour):
    if kind == "circle":
        return f'<circle cx="{x}" cy="{y}" r="4.5" fill="{colour}"/>'
    if kind == "square":
        return f'<rect x="{x - 4}" y="{y - 4}" width="8" height="8" fill="{colour}"/>'
    if kind == "triangle":
        return f'<path d="M{x} {y - 5}L{x + 5} {y + 4}L{x - 5} {y + 4}Z" fill="{colour}"/>'
    return f'<path d="M{x} {y - 5}L{x + 5} {y}L{x} {y + 5}L{x - 5} {y}Z" fill="{colour}"/>'


def line_chart(key, title, desc, labels, series, *, suffix="%"):
    """Percentages over time: one line per series, each with its own marker shape and dash, the
    value written at every point; a withheld point breaks the line."""
    height = 230
    left, right, top_y, bottom = 40, WIDTH - 40, 30, height - 40
    step = (right - left) / max(len(labels) - 1, 1)
    parts = [f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" width="100%" role="img" '
             f'aria-labelledby="{key}-t {key}-d" xmlns="http://www.w3.org/2000/svg">',
             f'<title id="{key}-t">{escape(title)}</title><desc id="{key}-d">{escape(desc)}</desc>']
    for pct in (0, 50, 100):
        y = bottom - (bottom - top_y) * pct / 100
        parts.append(f'<line x1="{left}" y1="{y}" x2="{right}" y2="{y}" stroke="#ccc"/>'
                     f'<text x="{left - 4}" y="{y + 4}" font-size="10" text-anchor="end">{pct}%</text>')
    for i, label in enumerate(labels):
        parts.append(f'<text x="{left + i * step}" y="{bottom + 16}" font-size="10" text-anchor="middle">'
                     f'{escape(label)}</text>')
    dashes = ["", "6 3", "2 3", "8 3 2 3"]
    x = left
    for s, (name, values) in enumerate(series):
        colour = COLOURS[s % 4]
        if len(series) > 1:
            parts.append(_marker(MARKERS[s % 4], x + 5, 12, colour)
                         + f'<text x="{x + 14}" y="16" font-size="12">{escape(name)}</text>')
            x += 30 + 7 * len(str(name))
        points = []
        for i, value in enumerate(values):
            if not _number(value):
                if len(points) > 1:
                    parts.append(f'<polyline points="{" ".join(points)}" fill="none" stroke="{colour}" '
                                 f'stroke-width="2" stroke-dasharray="{dashes[s % 4]}"/>')
                points = []
                parts.append(f'<text x="{left + i * step}" y="{bottom - 4 - 12 * s}" font-size="10" '
                             f'text-anchor="middle">{escape(_text(value))}</text>')
                continue
            px, py = left + i * step, bottom - (bottom - top_y) * value / 100
            points.append(f"{px:.1f},{py:.1f}")
        if len(points) > 1:
            parts.append(f'<polyline points="{" ".join(points)}" fill="none" stroke="{colour}" stroke-width="2" '
                         f'stroke-dasharray="{dashes[s % 4]}"/>')
        for i, value in enumerate(values):
            if _number(value):
                px, py = left + i * step, bottom - (bottom - top_y) * value / 100
                parts.append(_marker(MARKERS[s % 4], px, py, colour)
                             + f'<text x="{px}" y="{py - 8}" font-size="10" text-anchor="middle">'
                               f'{escape(_text(value, suffix))}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped
