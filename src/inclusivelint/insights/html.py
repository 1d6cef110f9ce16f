"""The insights report: one self-contained HTML file that loads nothing from the network.

Charts are plotly figures; plotly.js is written into the page once, inline, so
the file opens offline (no CDN). Links go only to anchors inside the page.
Group values appear only as the names of groups of at least `min_group`
documents; of a document, only the excerpts around its findings (none with
`excerpts=False`).
"""

from __future__ import annotations

import math
from html import escape

from inclusivelint.insights.measures import DISTRIBUTION
from inclusivelint.insights.run import Insights

_CONFIG = {"displaylogo": False, "showSendToCloud": False, "responsive": True}
_COLORS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#17becf"]
_STYLE = """
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0 auto;max-width:1180px;
padding:1.2em 1.5em;color:#1d1d1f}
h1{font-size:1.6em;margin:.2em 0}h2{margin-top:1.6em;border-bottom:1px solid #ddd;padding-bottom:.2em}
table{border-collapse:collapse;margin:.6em 0;width:100%}th,td{border-bottom:1px solid #e5e5e5;
padding:.3em .5em;text-align:left;vertical-align:top}th{background:#f6f6f6}td.n{text-align:right;
font-variant-numeric:tabular-nums}mark{background:#ffe08a;padding:0 .1em}.clear{color:#8a1c00}
.note{color:#555;font-size:.92em}.excerpt{font-size:.92em;margin:.2em 0}.card{background:#f7f9fc;
border:1px solid #dde4ee;border-radius:6px;padding:.7em 1em;margin:.6em 0}
details summary{cursor:pointer;font-weight:600}
"""


def render_html(result: Insights, rulebook=None) -> str:
    """The report as one HTML string; `rulebook` supplies the rule explanations linked from
    the phrase table (default: the bundled rules)."""
    from plotly.offline import get_plotlyjs

    if rulebook is None:
        from inclusivelint.lint.engine import default_linter

        rulebook = default_linter().rulebook
    agg = result.aggregates
    parts = [_header(result), _differences(result), _bars(result), _distribution(result),
             _phrases(result), _documents(result), _explanations(result, rulebook)]
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<title>inclusivelint insights: {escape(_profile_title(result))}</title>"
            f"<style>{_STYLE}</style>"
            f"<script>{get_plotlyjs()}</script></head><body>\n"
            + "\n".join(p for p in parts if p)
            + f"\n<p class=\"note\">Made by inclusivelint insights; {len(agg.measures)} measures, "
              f"{agg.as_dict()['method']['resamples']} bootstrap resamples (seeded).</p>\n</body></html>\n")


def _profile_title(result: Insights) -> str:
    return "job ads" if result.profile == "job-ad" else "reviews"


def _fmt(x) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    return f"{x:,.1f}" if abs(x) >= 1 or x == 0 else f"{x:.2f}"


def _header(result: Insights) -> str:
    agg = result.aggregates
    g = agg.groups
    by = " and ".join(escape(f) for f in result.group_by) or "nothing (one group)"
    rows = "".join(f"<tr><td>{escape(n)}</td><td class=n>{g.sizes[n]:,}</td></tr>" for n in g.names)
    notes = []
    if g.pooled:
        notes.append(f"{g.pooled} groups with fewer than {result.min_group} documents each are pooled "
                     "into one group, so that no small group can be singled out.")
    if g.withheld_documents:
        notes.append(f"{g.withheld_documents} documents in {g.withheld_groups} group(s) smaller than "
                     f"{result.min_group} documents are withheld from the groups shown.")
    if result.errors:
        notes.append(f"{result.errors} records could not be read and are left out: "
                     + escape("; ".join(result.error_examples)) + ("…" if result.errors > 5 else ""))
    return (f"<h1>Insights across {result.records:,} {_profile_title(result)}</h1>"
            f"<p>Grouped by {by}. Each measure is computed per group with a 95 % bootstrap interval. "
            f"A difference is called <b>clear</b> only when it stands out from noise after allowing for "
            f"the {agg.comparisons or len(agg.measures)} comparisons made at once (family-wise 5 %); "
            "otherwise the report says it is within noise.</p>"
            f"<table style=\"width:auto\"><tr><th>group</th><th>documents</th></tr>{rows}</table>"
            + "".join(f"<p class=note>{n}</p>" for n in notes))


def _differences(result: Insights) -> str:
    diffs = result.aggregates.differences
    if not diffs:
        return ("<h2>Differences between groups</h2><p>Only one group is shown, so there is nothing "
                "to compare.</p>")
    clear = [d for d in diffs if d.clear]
    other = [d for d in diffs if not d.clear]
    items = "".join(f"<li class=clear>{escape(d.sentence)}</li>" for d in clear) or \
        "<li>No measure differs clearly between the groups.</li>"
    rest = "".join(f"<li>{escape(d.sentence)}</li>" for d in other)
    return (f"<h2>Differences between groups</h2><div class=card><b>{len(clear)} clear "
            f"difference{'s' if len(clear) != 1 else ''}</b><ul>{items}</ul></div>"
            f"<details><summary>{len(other)} measures with no clear difference</summary><ul>{rest}</ul></details>")


def _figure(fig, name: str) -> str:
    import plotly.io as pio

    return pio.to_html(fig, full_html=False, include_plotlyjs=False, config=_CONFIG, div_id=f"chart-{name}")


def _bars(result: Insights) -> str:
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    agg = result.aggregates
    shown = [m for m in agg.measures if agg.overall[m.id].value]
    never = [m.label for m in agg.measures if agg.overall[m.id].documents and not agg.overall[m.id].value]
    if not shown or not agg.groups.names:
        return ""
    never_note = f"<p class=note>Found in no document, so not drawn: {escape('; '.join(never))}.</p>" if never else ""
    cols = 3
    rows = math.ceil(len(shown) / cols)
    fig = make_subplots(rows=rows, cols=cols, subplot_titles=[f"{m.label.split(' (')[0]} ({m.unit})" for m in shown],
                        vertical_spacing=min(0.3 / rows * 2, 0.08), horizontal_spacing=0.06)
    for gi, name in enumerate(agg.groups.names):
        for k, m in enumerate(shown):
            e = agg.by_group[name][m.id]
            value = e.value if e.value is not None else float("nan")
            err = None if e.low is None else dict(type="data", symmetric=False, array=[e.high - value],
                                                   arrayminus=[value - e.low], color="#333")
            fig.add_trace(go.Bar(x=[name], y=[value], name=name, legendgroup=name, showlegend=k == 0,
                                 marker_color=_COLORS[gi % len(_COLORS)], error_y=err,
                                 hovertemplate=f"{escape(name)}<br>%{{y:.2f}} {m.unit}<br>"
                                               f"{e.documents} documents<extra></extra>"),
                          row=k // cols + 1, col=k % cols + 1)
    fig.update_xaxes(showticklabels=False)
    fig.update_layout(height=240 * rows + 80, margin=dict(l=40, r=20, t=60, b=20), barmode="group",
                      legend=dict(orientation="h", y=1.02, yanchor="bottom"),
                      font=dict(size=11), plot_bgcolor="#fafafa")
    fig.update_annotations(font_size=11)
    return ("<h2>Each measure by group</h2><p class=note>Bars: the group's value; whiskers: its 95 % "
            "bootstrap interval. Overlapping whiskers mean the groups may not differ at all.</p>"
            + _figure(fig, "measures") + never_note)


def _distribution(result: Insights) -> str:
    import plotly.graph_objects as go

    agg = result.aggregates
    measure_id, edges = DISTRIBUTION[result.profile]
    measure = next(m for m in agg.measures if m.id == measure_id)
    labels = [f"{edges[i]:g} to {edges[i + 1]:g}" for i in range(len(edges) - 1)]
    labels[0] = f"≤ {edges[1]:g}"
    labels[-1] = f"≥ {edges[-2]:g}"
    fig = go.Figure()
    for gi, name in enumerate(agg.groups.names):
        counts = agg.histograms.get(name, [])
        total = sum(counts) or 1
        fig.add_trace(go.Bar(x=labels, y=[100 * c / total for c in counts], name=name,
                             marker_color=_COLORS[gi % len(_COLORS)],
                             customdata=counts, hovertemplate="%{x}: %{y:.1f} % (%{customdata} documents)"
                                                              "<extra>" + escape(name) + "</extra>"))
    fig.update_layout(barmode="group", height=380, margin=dict(l=50, r=20, t=30, b=60),
                      xaxis_title=measure.label, yaxis_title="% of the group's documents",
                      legend=dict(orientation="h", y=1.02, yanchor="bottom"), plot_bgcolor="#fafafa")
    note = ("Negative: more masculine-coded than feminine-coded words for the ad's length; "
            "−1 or below reads as masculine-coded, 1 or above as feminine-coded (Gaucher, Friesen & Kay 2011). "
            "A word list cannot tell whether a coded word describes the person, the culture or a fact of "
            "the job: read the words before rewording.") if result.profile == "job-ad" else \
        "Share of effort words among effort and accomplishment words, per review that has any."
    return f"<h2>Distribution: {escape(measure.label)}</h2><p class=note>{escape(note)}</p>" + _figure(fig, "distribution")


def _phrases(result: Insights) -> str:
    if not result.phrases:
        return "<h2>Most frequent flagged phrases</h2><p>Nothing was flagged.</p>"
    names = result.aggregates.groups.names
    head = "".join(f"<th>{escape(n)}</th>" for n in names)
    rows = []
    for p in result.phrases:
        link = f"<a href=\"#rule-{escape(p['rule_id'])}\">{escape(p['rule_id'])}</a>"
        phrase = f"<td>{escape(p['phrase'])}</td>" if result.excerpts else ""
        cells = "".join(f"<td class=n>{p['by_group'].get(n, 0):,}</td>" for n in names)
        rows.append(f"<tr>{phrase}<td>{link}</td><td>{escape(p['category'])}</td>"
                    f"<td class=n>{p['count']:,}</td>{cells}</tr>")
    first = "<th>phrase</th>" if result.excerpts else ""
    return (f"<h2>Most frequent flagged {'phrases' if result.excerpts else 'rules'}</h2>"
            f"<table><tr>{first}<th>rule</th><th>category</th><th>total</th>{head}</tr>{''.join(rows)}</table>")


def _documents(result: Insights) -> str:
    docs = [d for d in result.documents if d.findings]
    if not docs:
        return ""
    rows = []
    for d in docs:
        cell = ""
        if result.excerpts:
            cell = "".join("<p class=excerpt>…" + "".join(
                f"<mark>{escape(t)}</mark>" if flagged else escape(t) for t, flagged in window) + "…</p>"
                for window in d.excerpt)
            cell = f"<td>{cell}</td>"
        rules = ", ".join(dict.fromkeys(p[0] for p in d.phrases))
        rows.append(f"<tr><td>{escape(str(d.id))}</td><td class=n>{d.findings}</td>"
                    f"<td class=n>{d.words:,}</td><td>{escape(rules)}</td>{cell}</tr>")
    head = "<th>excerpts around the findings</th>" if result.excerpts else ""
    return (f"<h2>Documents with the most findings</h2><table><tr><th>document</th><th>findings</th>"
            f"<th>words</th><th>rules</th>{head}</tr>{''.join(rows)}</table>")


def _explanations(result: Insights, rulebook) -> str:
    ids = list(dict.fromkeys([p["rule_id"] for p in result.phrases]
                             + [p[0] for d in result.documents for p in d.phrases]))
    items = []
    for rid in ids:
        rule = rulebook.rules.get(rid)
        if rule is None:
            continue
        sources = "; ".join(_source(rulebook.sources.get(s), s) for s in rule.sources)
        items.append(f"<div class=card id=\"rule-{escape(rid)}\"><b>{escape(rid)}</b> "
                     f"({escape(rule.category)}): {escape(rule.message)}<br>{escape(' '.join(rule.reason.split()))}"
                     + (f"<br><span class=note>Sources: {escape(sources)}</span>" if sources else "")
                     + (f"<br><span class=note>Instead: {escape(', '.join(rule.suggestions[:5]))}</span>"
                        if rule.suggestions else "") + "</div>")
    return "<h2>The rules behind the findings</h2>" + "".join(items) if items else ""


def _source(src, sid: str) -> str:
    if src is None:
        return sid
    who = f"{src.authors}, " if src.authors else ""
    year = f" ({src.year})" if src.year else ""
    return f"{who}{src.title}{year}, {src.publisher}"
