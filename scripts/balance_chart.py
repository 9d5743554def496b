"""Draws the balance of the signed graph over time as an SVG, from a running API's /analysis/balance.

    python scripts/balance_chart.py [http://127.0.0.1:8000] [--from 2013] [--to 2016] [-o FILE.svg]

Bars: the triangles of each month (right axis); lines: the share of balanced triangles (Cartwright &
Harary: +++ or +--) and of weakly balanced ones (Davis: also ---), left axis. Plain SVG, no library.
"""

from __future__ import annotations

import argparse
import json
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

W, H = 900, 360
LEFT, RIGHT, TOP, BOTTOM = 60, 60, 40, 60


def fetch(base: str, start: str, end: str) -> dict[str, Any]:
    query = urllib.parse.urlencode({"from": start, "to": end, "step": "month"})
    with urllib.request.urlopen(f"{base}/analysis/balance?{query}") as response:  # noqa: S310 - a local API
        body: dict[str, Any] = json.load(response)
    return body


def svg(body: dict[str, Any], title: str) -> str:
    steps = body["steps"]
    n = len(steps)
    most = max([s["triangles"] for s in steps] + [1])
    plot_w, plot_h = W - LEFT - RIGHT, H - TOP - BOTTOM
    slot = plot_w / max(n, 1)

    def x(i: int) -> float:
        return LEFT + slot * (i + 0.5)

    def y_share(v: float) -> float:
        return TOP + plot_h * (1 - v)

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" viewBox="0 0 {W} {H}" '
        'font-family="sans-serif" font-size="11">',
        '<rect width="100%" height="100%" fill="white"/>',
        f'<text x="{W / 2}" y="20" text-anchor="middle" font-size="14">{escape(title)}</text>',
    ]
    for i, s in enumerate(steps):  # bars: triangles
        if s["triangles"]:
            h = plot_h * s["triangles"] / most
            out.append(
                f'<rect x="{x(i) - slot * 0.35:.1f}" y="{TOP + plot_h - h:.1f}" width="{slot * 0.7:.1f}" '
                f'height="{h:.1f}" fill="#d9d9d9"><title>{s["window"]}: {s["triangles"]} triangles</title></rect>'
            )
    for key, colour in (("weak_share", "#1f77b4"), ("share", "#d62728")):  # lines, broken where no triangle
        run: list[str] = []
        for i, s in enumerate(steps):
            if s[key] is None:
                if run:
                    out.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{" ".join(run)}"/>')
                run = []
                continue
            run.append(f"{x(i):.1f},{y_share(s[key]):.1f}")
            out.append(f'<circle cx="{x(i):.1f}" cy="{y_share(s[key]):.1f}" r="2.5" fill="{colour}"/>')
        if run:
            out.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{" ".join(run)}"/>')
    # axes
    out.append(f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{W - RIGHT}" y2="{TOP + plot_h}" stroke="black"/>')
    out.append(f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{TOP + plot_h}" stroke="black"/>')
    out.append(f'<line x1="{W - RIGHT}" y1="{TOP}" x2="{W - RIGHT}" y2="{TOP + plot_h}" stroke="#999"/>')
    for v in (0, 0.25, 0.5, 0.75, 1):
        out.append(f'<text x="{LEFT - 6}" y="{y_share(v) + 4:.1f}" text-anchor="end">{v:.2f}</text>')
    for v in sorted({0, most // 2, most}):
        y = TOP + plot_h * (1 - v / most)
        out.append(f'<text x="{W - RIGHT + 6}" y="{y + 4:.1f}" fill="#666">{v}</text>')
    for i, s in enumerate(steps):
        if s["window"].endswith(("-01", "-07")):
            out.append(f'<text x="{x(i):.1f}" y="{TOP + plot_h + 16}" text-anchor="middle">{s["window"]}</text>')
    out.append(f'<text x="{LEFT - 45}" y="{TOP - 10}">share</text>')
    out.append(f'<text x="{W - RIGHT - 10}" y="{TOP - 10}" fill="#666">triangles</text>')
    legend = [
        ("#d62728", "balanced (+++ or +--), Cartwright & Harary"),
        ("#1f77b4", "weakly balanced (also ---), Davis"),
        ("#d9d9d9", "triangles per month (right axis)"),
    ]
    for k, (colour, label) in enumerate(legend):
        lx = LEFT + k * 280
        out.append(f'<rect x="{lx}" y="{H - 22}" width="12" height="12" fill="{colour}"/>')
        out.append(f'<text x="{lx + 18}" y="{H - 12}">{escape(label)}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("base", nargs="?", default="http://127.0.0.1:8000")
    parser.add_argument("--from", dest="start", default="2013")
    parser.add_argument("--to", dest="end", default="2016")
    parser.add_argument("-o", "--output", type=Path, default=Path("docs/img/balance-2013-2016.svg"))
    args = parser.parse_args()
    body = fetch(args.base, args.start, args.end)
    title = f"Balance of the signed graph, {args.start} to {args.end}, by month (GET /analysis/balance)"
    args.output.write_text(svg(body, title), encoding="utf-8")
    print(f"wrote {args.output} ({len(body['steps'])} months)")


if __name__ == "__main__":
    main()
