"""SVG charts drawn on the server: no JavaScript library, no CDN, readable without colour.

Each function returns `Markup` for a Jinja template. Every chart has ``role="img"`` and an
``aria-label`` that states what it shows, and each mark has a ``<title>`` (a tooltip on
hover and text for screen readers). Labels are escaped: they can come from customer data.
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

Number = float | int | None

PALETTE = {"brand": "#4f46e5", "bad": "#e11d48", "good": "#059669", "warn": "#d97706",
           "muted": "#94a3b8", "info": "#0284c7", "grid": "#e2e8f0", "text": "#64748b"}


def _f(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".")


def _fmt(value: float, unit: str = "") -> str:
    if unit == "%":
        return f"{value:.0f}%"
    if abs(value) >= 1000:
        return f"{value / 1000:.1f}k"
    return f"{value:.2f}".rstrip("0").rstrip(".") if value % 1 else f"{value:.0f}"


def _scale(values: Sequence[Number], floor: float | None = None,
           ceil: float | None = None) -> tuple[float, float]:
    real = [float(v) for v in values if v is not None]
    lo = floor if floor is not None else min(real, default=0.0)
    hi = ceil if ceil is not None else max(real, default=1.0)
    if hi <= lo:
        hi = lo + 1.0
    return lo, hi


def sparkline(values: Sequence[Number], *, width: int = 120, height: int = 32,
              color: str = PALETTE["brand"], label: str = "trend",
              floor: float | None = None, ceil: float | None = None) -> Markup:
    """A small line with a soft area under it; gaps (None) break the line."""
    if not any(v is not None for v in values):
        return Markup(f'<svg class="spark" width="{width}" height="{height}" role="img" '
                      f'aria-label="{escape(label)}: no data"></svg>')
    lo, hi = _scale(values, floor, ceil)
    n = max(len(values) - 1, 1)
    pts = [(i * width / n, height - 3 - (float(v) - lo) / (hi - lo) * (height - 6))
           for i, v in enumerate(values) if v is not None]
    line = " ".join(f"{_f(x)},{_f(y)}" for x, y in pts)
    area = f"{_f(pts[0][0])},{height} {line} {_f(pts[-1][0])},{height}"
    last = pts[-1]
    return Markup(
        f'<svg class="spark" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-label="{escape(label)}" preserveAspectRatio="none">'
        f'<polygon points="{area}" fill="{color}" opacity="0.12"/>'
        f'<polyline points="{line}" fill="none" stroke="{color}" stroke-width="1.8" '
        f'stroke-linejoin="round" stroke-linecap="round"/>'
        f'<circle cx="{_f(last[0])}" cy="{_f(last[1])}" r="2.5" fill="{color}"/></svg>')


def line_chart(labels: Sequence[str], series: Sequence[tuple[str, Sequence[Number], str]], *,
               height: int = 220, width: int = 640, unit: str = "", label: str = "chart",
               floor: float | None = None, ceil: float | None = None,
               ticks: int = 4) -> Markup:
    """Lines over shared x labels, with a light grid, y ticks and a legend."""
    pad_l, pad_r, pad_t, pad_b = 40, 12, 12, 26
    all_values = [v for _, vals, _ in series for v in vals]
    lo, hi = _scale(all_values, floor, ceil)
    plot_w, plot_h = width - pad_l - pad_r, height - pad_t - pad_b
    n = max(len(labels) - 1, 1)

    def xy(i: int, v: float) -> tuple[float, float]:
        return pad_l + i * plot_w / n, pad_t + plot_h - (v - lo) / (hi - lo) * plot_h

    parts = [f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
             f'aria-label="{escape(label)}" preserveAspectRatio="xMidYMid meet">']
    for t in range(ticks + 1):
        v = lo + (hi - lo) * t / ticks
        _, y = xy(0, v)
        parts.append(f'<line x1="{pad_l}" x2="{width - pad_r}" y1="{_f(y)}" y2="{_f(y)}" '
                     f'stroke="{PALETTE["grid"]}" stroke-width="1"/>'
                     f'<text x="{pad_l - 6}" y="{_f(y + 4)}" text-anchor="end" '
                     f'class="tick">{escape(_fmt(v, unit))}</text>')
    step = max(1, len(labels) // 6)
    for i, text in enumerate(labels):
        if i % step == 0 or i == len(labels) - 1:
            x, _ = xy(i, lo)
            parts.append(f'<text x="{_f(x)}" y="{height - 6}" text-anchor="middle" '
                         f'class="tick">{escape(text)}</text>')
    for name, values, color in series:
        pts = [(xy(i, float(v)), v) for i, v in enumerate(values) if v is not None]
        if not pts:
            continue
        path = " ".join(f"{_f(x)},{_f(y)}" for (x, y), _ in pts)
        parts.append(f'<polyline points="{path}" fill="none" stroke="{color}" '
                     f'stroke-width="2.2" stroke-linejoin="round" stroke-linecap="round"/>')
        for idx, ((x, y), v) in enumerate(pts):
            if len(pts) <= 40 or idx == len(pts) - 1:
                parts.append(f'<circle cx="{_f(x)}" cy="{_f(y)}" r="3" fill="#fff" '
                             f'stroke="{color}" stroke-width="2"><title>{escape(name)}: '
                             f'{escape(_fmt(float(v), unit))}</title></circle>')
    parts.append("</svg>")
    return Markup("".join(parts))


def column_chart(labels: Sequence[str], stacks: Sequence[tuple[str, Sequence[Number], str]], *,
                 height: int = 200, width: int = 640, label: str = "chart") -> Markup:
    """Stacked columns (e.g. messages per day split into fine / bad experience)."""
    pad_l, pad_r, pad_t, pad_b = 40, 8, 10, 26
    totals = [sum(float(s[1][i] or 0) for s in stacks) for i in range(len(labels))]
    hi = max(totals, default=0.0) or 1.0
    plot_w, plot_h = width - pad_l - pad_r, height - pad_t - pad_b
    slot = plot_w / max(len(labels), 1)
    bar_w = max(2.0, slot * 0.7)
    parts = [f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
             f'aria-label="{escape(label)}">']
    for t in range(5):
        v = hi * t / 4
        y = pad_t + plot_h - v / hi * plot_h
        parts.append(f'<line x1="{pad_l}" x2="{width - pad_r}" y1="{_f(y)}" y2="{_f(y)}" '
                     f'stroke="{PALETTE["grid"]}"/><text x="{pad_l - 6}" y="{_f(y + 4)}" '
                     f'text-anchor="end" class="tick">{escape(_fmt(v))}</text>')
    step = max(1, len(labels) // 6)
    for i, text in enumerate(labels):
        x = pad_l + i * slot + (slot - bar_w) / 2
        base = float(pad_t + plot_h)
        tip = [f"{text}"]
        for name, values, color in stacks:
            v = float(values[i] or 0)
            h = v / hi * plot_h
            if h > 0:
                parts.append(f'<rect x="{_f(x)}" y="{_f(base - h)}" width="{_f(bar_w)}" '
                             f'height="{_f(h)}" rx="1.5" fill="{color}"/>')
            base -= h
            tip.append(f"{name}: {_fmt(v)}")
        parts.append(f'<rect x="{_f(pad_l + i * slot)}" y="{pad_t}" width="{_f(slot)}" '
                     f'height="{_f(plot_h)}" fill="transparent"><title>'
                     f'{escape(" · ".join(tip))}</title></rect>')
        if i % step == 0:
            parts.append(f'<text x="{_f(x + bar_w / 2)}" y="{height - 6}" '
                         f'text-anchor="middle" class="tick">{escape(text)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def hbars(items: Sequence[tuple[str, float]], *, color: str = PALETTE["brand"],
          label: str = "chart", unit: str = "", width: int = 420) -> Markup:
    """Horizontal bars with the label above each bar; good for rankings on a phone."""
    hi = max((v for _, v in items), default=0.0) or 1.0
    row = 34
    height = max(row * len(items), row)
    parts = [f'<svg class="chart hbars" viewBox="0 0 {width} {height}" role="img" '
             f'aria-label="{escape(label)}">']
    for i, (name, v) in enumerate(items):
        y = i * row
        w = max(2.0, v / hi * (width - 60))
        parts.append(f'<text x="0" y="{y + 12}" class="bar-label">{escape(name)}</text>'
                     f'<rect x="0" y="{y + 17}" width="{_f(width - 60)}" height="9" rx="4.5" '
                     f'fill="{PALETTE["grid"]}"/>'
                     f'<rect x="0" y="{y + 17}" width="{_f(w)}" height="9" rx="4.5" '
                     f'fill="{color}"><title>{escape(name)}: {escape(_fmt(v, unit))}</title>'
                     f'</rect><text x="{width}" y="{y + 26}" text-anchor="end" '
                     f'class="bar-value">{escape(_fmt(v, unit))}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def distribution(segments: Sequence[tuple[str, float, str]], *, label: str = "distribution",
                 height: int = 16) -> Markup:
    """One bar split into coloured parts (a thermometer from very unhappy to delighted)."""
    total = sum(v for _, v, _ in segments) or 1.0
    x = 0.0
    parts = [f'<svg class="dist" viewBox="0 0 100 {height}" preserveAspectRatio="none" '
             f'role="img" aria-label="{escape(label)}">']
    for name, v, color in segments:
        w = v / total * 100
        if w > 0:
            parts.append(f'<rect x="{_f(x)}" y="0" width="{_f(w)}" height="{height}" '
                         f'fill="{color}"><title>{escape(name)}: {escape(_fmt(v))} '
                         f'({w:.0f}%)</title></rect>')
        x += w
    parts.append("</svg>")
    return Markup("".join(parts))


def gauge(value: float | None, *, lo: float = 0, hi: float = 100, label: str = "score",
          color: str = PALETTE["brand"], size: int = 88) -> Markup:
    """A ring showing a score within its range (health 0-100, NPS -100..100)."""
    r = size / 2 - 7
    circ = 2 * 3.14159 * r
    frac = 0.0 if value is None else min(max((value - lo) / (hi - lo), 0.0), 1.0)
    text = "–" if value is None else _fmt(value)
    return Markup(
        f'<svg class="gauge" width="{size}" height="{size}" viewBox="0 0 {size} {size}" '
        f'role="img" aria-label="{escape(label)}: {escape(text)}">'
        f'<circle cx="{size / 2}" cy="{size / 2}" r="{_f(r)}" fill="none" '
        f'stroke="{PALETTE["grid"]}" stroke-width="8"/>'
        f'<circle cx="{size / 2}" cy="{size / 2}" r="{_f(r)}" fill="none" stroke="{color}" '
        f'stroke-width="8" stroke-linecap="round" stroke-dasharray="{_f(circ * frac)} '
        f'{_f(circ)}" transform="rotate(-90 {size / 2} {size / 2})"/>'
        f'<text x="50%" y="54%" text-anchor="middle" class="gauge-text">{escape(text)}</text>'
        f'</svg>')
