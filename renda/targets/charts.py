"""Trend charts of the targets pages (issue 16: "trend charts"), drawn on the server as SVG — no script, no
chart library, nothing fetched. Each chart carries its own title and description (role="img",
aria-labelledby) and the page shows the same figures as a table beside it (templates: targets/_trend.html).

Pure: figures in, markup out (every text escaped)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 44, 24, 30, 28


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[Decimal | None]  # one per label; None: no figure (a gap)
    colour: str  # a stroke colour with 4.5:1 contrast on white
    dashed: bool = False


def _nice_top(top: Decimal) -> Decimal:
    """The axis' top: 100 when the figures stay within it, else the next multiple of 20 above."""
    if top <= 100:
        return Decimal(100)
    return Decimal((int(top) // 20 + 1) * 20)


def line_chart(
    *, key: str, title: str, description: str, labels: Sequence[str], series: Sequence[Series]
) -> SafeString:
    """A line chart of `series` over `labels` (months), y from 0 to 100 (or above, when a figure is)."""
    figures = [v for s in series for v in s.values if v is not None]
    top = _nice_top(max(figures, default=Decimal(0)))
    n = max(len(labels), 1)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(i: int) -> str:
        return f"{LEFT + (plot_w * i / (n - 1) if n > 1 else plot_w / 2):.1f}"

    def y(v: Decimal) -> str:
        return f"{TOP + plot_h * (1 - float(max(v, Decimal(0)) / top)):.1f}"

    grid = format_html_join(
        "",
        '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#d0d4d9"/>'
        '<text x="{}" y="{}" font-size="13" text-anchor="end" fill="#495057">{}</text>',
        (
            (
                LEFT,
                WIDTH - RIGHT,
                y(top * k / 4),
                y(top * k / 4),
                LEFT - 4,
                f"{float(y(top * k / 4)) + 4:.1f}",
                f"{float(top * k / 4):g}",
            )
            for k in range(5)
        ),
    )
    ticks = format_html_join(
        "",
        '<text x="{}" y="{}" font-size="13" text-anchor="middle" fill="#495057">{}</text>',
        ((x(i), HEIGHT - 8, label) for i, label in enumerate(labels)),
    )
    lines = []
    for s in series:
        runs: list[list[str]] = [[]]
        for i, v in enumerate(s.values):
            if v is None:
                runs.append([])
            else:
                runs[-1].append(f"{x(i)},{y(v)}")
        dash = ' stroke-dasharray="6 4"' if s.dashed else ""
        for run in runs:
            if len(run) > 1:
                lines.append(
                    format_html(
                        '<polyline points="{}" fill="none" stroke="{}" stroke-width="2"{}/>',
                        " ".join(run),
                        s.colour,
                        mark_safe(dash),
                    )
                )
        dots = [(x(i), y(v), s.colour) for i, v in enumerate(s.values) if v is not None]
        lines.append(format_html_join("", '<circle cx="{}" cy="{}" r="3" fill="{}"/>', dots))
    legend = format_html_join(
        "",
        '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="{}" stroke-width="2"{}/>'
        '<text x="{}" y="{}" font-size="13" fill="#212529">{}</text>',
        (
            (
                LEFT + 8 + 150 * k,
                LEFT + 28 + 150 * k,
                10,
                10,
                s.colour,
                mark_safe(' stroke-dasharray="6 4"' if s.dashed else ""),
                LEFT + 32 + 150 * k,
                14,
                s.name,
            )
            for k, s in enumerate(series)
        ),
    )
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" '
        'role="img" aria-labelledby="{key}-title {key}-desc" class="trend-chart mw-100 h-auto" '
        'data-testid="trend-chart">'
        '<title id="{key}-title">{title}</title><desc id="{key}-desc">{desc}</desc>'
        '<rect x="0" y="0" width="{w}" height="{h}" fill="#fff"/>{grid}{ticks}{lines}{legend}</svg>',
        w=WIDTH,
        h=HEIGHT,
        key=key,
        title=title,
        desc=description,
        grid=grid,
        ticks=ticks,
        lines=mark_safe("".join(lines)),
        legend=legend,
    )
