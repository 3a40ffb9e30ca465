"""The benchmark's table and its plot of latency against the archive's size."""

import math
from html import escape

PALETTE = [
    "#1f77b4",
    "#ff7f0e",
    "#2ca02c",
    "#d62728",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#7f7f7f",
    "#bcbd22",
    "#17becf",
    "#393b79",
    "#ad494a",
    "#637939",
    "#843c39",
    "#5254a3",
    "#8ca252",
]


def _ms(value):
    if value is None:
        return "-"
    return f"{value:.1f}" if value < 100 else f"{value:.0f}"


def table(result):
    """The pages as a fixed-width text table."""
    head = (
        f"{'page':<18} {'p50 ms':>8} {'p95 ms':>8} {'cold ms':>8} {'served':>8} {'queries':>8} "
        f"{'SQL ms':>8} {'all SQL':>8} {'page/SQL':>8} {'cold SQL':>8}  status"
    )
    lines = [head, "-" * len(head)]
    for name, page in result["pages"].items():
        raw = result["raw_sql"].get(name, {})
        queries = f"{page['queries']}/{page['cold_queries']}"
        ratio = raw.get("page_to_sql")
        lines.append(
            f"{name:<18} {_ms(page['p50_ms']):>8} {_ms(page['p95_ms']):>8} "
            f"{_ms(page['cold_p50_ms']):>8} {_ms(page.get('served_p50_ms')):>8} "
            f"{queries:>8} {_ms(raw.get('p50_ms')):>8} "
            f"{_ms(raw.get('all_p50_ms')):>8} {(f'{ratio:.1f}x' if ratio else '-'):>8} "
            f"{_ms(raw.get('cold_all_ms')):>8}  "
            f"{','.join(str(s) for s in page['status'])}"
        )
    return "\n".join(lines)


def _label(result):
    vendor = result["database"].split()[0]
    size = result["articles"]
    size = f"{size / 1e6:g}M" if size >= 1_000_000 else f"{size / 1000:g}k"
    analyzed = " ANALYZE" if vendor == "sqlite" and result.get("analyzed") else ""
    return f"{vendor} {size}{analyzed}"


def target_ms(result):
    """The median each page must keep to: 50 ms up to 100,000 articles, 100 ms at
    a million."""
    return 100 if result["articles"] >= 1_000_000 else 50


def comparison(results):
    """Markdown tables of several results side by side: the pages' warm median
    and cold median (ms, ✗ past the target), and the imports."""
    results = sorted(results, key=lambda r: (r["database"], r["articles"], bool(r.get("analyzed"))))
    names = list(dict.fromkeys(n for r in results for n in r["pages"]))
    labels = [_label(r) for r in results]
    lines = [
        "| page | " + " | ".join(f"{label} p50 / cold" for label in labels) + " |",
        "|---|" + "---:|" * len(results),
    ]
    for name in names:
        cells = []
        for r in results:
            page = r["pages"].get(name)
            if page is None:
                cells.append("-")
                continue
            flag = "" if page["p50_ms"] <= target_ms(r) else " ✗"
            cells.append(f"{_ms(page['p50_ms'])}{flag} / {_ms(page['cold_p50_ms'])}")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines += [
        "",
        "| run | pipeline files/s (workers / one process) | stored files/s | files timed "
        "| peak memory MB "
        "| database MB | load before / after |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for label, r in zip(labels, results, strict=True):
        imp = r.get("import") or {}
        pipeline = imp.get("pipeline") or {}
        load = r.get("machine", {})
        lines.append(
            f"| {label} | {pipeline.get('files_per_s', '-')} / "
            f"{pipeline.get('one_process_files_per_s', pipeline.get('files_per_s', '-'))} "
            f"| {imp.get('files_per_s', '-')} "
            f"| {pipeline.get('files', '-'):,} | {r.get('peak_memory_mb')} | {r.get('database_mb')} "
            f"| {load.get('load_before', ['-'])[0]} / {load.get('load_after', ['-'])[0]} |"
            if pipeline
            else f"| {label} | - | - | - | {r.get('peak_memory_mb')} | {r.get('database_mb')} "
            f"| {load.get('load_before', ['-'])[0]} / {load.get('load_after', ['-'])[0]} |"
        )
    return "\n".join(lines)


def plot(results, width=900, panel_height=420):
    """An SVG of each page's median against the number of articles (both axes
    logarithmic), one panel per database, with the targets as dashed lines."""
    databases = {}
    for result in sorted(results, key=lambda r: r["articles"]):
        vendor = result["database"].split()[0]
        # SQLite plans differently once ANALYZE has run: another series.
        if vendor == "sqlite" and result.get("analyzed"):
            vendor = "sqlite after ANALYZE"
        databases.setdefault(vendor, []).append(result)
    names = list(dict.fromkeys(n for r in results for n in r["pages"]))
    colours = {n: PALETTE[i % len(PALETTE)] for i, n in enumerate(names)}
    sizes = sorted({r["articles"] for r in results})
    values = [p["p50_ms"] for r in results for p in r["pages"].values() if p["p50_ms"]]
    y_low = 10 ** math.floor(math.log10(max(min(values, default=1), 0.1)))
    y_high = 10 ** math.ceil(math.log10(max(max(values, default=100), 101)))
    x_low, x_high = math.log10(min(sizes)) - 0.15, math.log10(max(sizes)) + 0.15
    if x_high - x_low < 0.5:
        x_low, x_high = x_low - 0.5, x_high + 0.5
    left, right, top, bottom = 70, 190, 40, 50
    plot_w = width - left - right
    plot_h = panel_height - top - bottom
    height = panel_height * len(databases)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12">',
        f'<rect width="{width}" height="{height}" fill="white"/>',
    ]

    def x_of(n):
        return left + (math.log10(n) - x_low) / (x_high - x_low) * plot_w

    for panel, (database, runs) in enumerate(databases.items()):
        y0 = panel * panel_height + top

        def y_of(ms, y0=y0):
            ms = min(max(ms, y_low), y_high)
            span = math.log10(y_high) - math.log10(y_low)
            return y0 + plot_h - (math.log10(ms) - math.log10(y_low)) / span * plot_h

        out.append(
            f'<text x="{left}" y="{y0 - 14}" font-size="14" font-weight="bold">'
            f"{escape(database)}: median page time (ms) against articles</text>"
        )
        out.append(
            f'<rect x="{left}" y="{y0}" width="{plot_w}" height="{plot_h}" '
            'fill="none" stroke="#999"/>'
        )
        decade = y_low
        while decade <= y_high:
            y = y_of(decade)
            out.append(
                f'<line x1="{left}" x2="{left + plot_w}" y1="{y:.1f}" y2="{y:.1f}" stroke="#eee"/>'
            )
            out.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{decade:g}</text>')
            decade *= 10
        for target in (50, 100):
            if y_low < target < y_high:
                y = y_of(target)
                out.append(
                    f'<line x1="{left}" x2="{left + plot_w}" y1="{y:.1f}" y2="{y:.1f}" '
                    'stroke="#c00" stroke-dasharray="6 4"/>'
                )
                out.append(
                    f'<text x="{left + plot_w - 4}" y="{y - 4:.1f}" text-anchor="end" '
                    f'fill="#c00">{target} ms</text>'
                )
        for n in sizes:
            x = x_of(n)
            label = (
                f"{n // 1_000_000}M" if n >= 1_000_000 else f"{n // 1000}k" if n >= 1000 else str(n)
            )
            out.append(
                f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{y0}" y2="{y0 + plot_h}" stroke="#eee"/>'
            )
            out.append(
                f'<text x="{x:.1f}" y="{y0 + plot_h + 18}" text-anchor="middle">{label}</text>'
            )
        out.append(
            f'<text x="{left + plot_w / 2}" y="{y0 + plot_h + 38}" text-anchor="middle">'
            "articles (log scale)</text>"
        )
        for name in names:
            points = [
                (x_of(r["articles"]), y_of(r["pages"][name]["p50_ms"]))
                for r in runs
                if name in r["pages"] and r["pages"][name]["p50_ms"]
            ]
            if not points:
                continue
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
            out.append(
                f'<polyline points="{path}" fill="none" stroke="{colours[name]}" stroke-width="2"/>'
            )
            out += [
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colours[name]}"/>'
                for x, y in points
            ]
        for i, name in enumerate(names):
            y = y0 + 6 + i * 16
            x = left + plot_w + 14
            out.append(
                f'<line x1="{x}" x2="{x + 18}" y1="{y}" y2="{y}" stroke="{colours[name]}" stroke-width="3"/>'
            )
            out.append(f'<text x="{x + 24}" y="{y + 4}">{escape(name)}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"
