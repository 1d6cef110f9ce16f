"""Insights across many documents: measures per group, with honest uncertainty.

    from inclusivelint.insights import run_insights, render_html
    result = run_insights("ads.jsonl", text_field="body", group_by=("department",), profile="job-ad")
    Path("report.html").write_text(render_html(result), encoding="utf-8")

`measures` says what is measured in one document (the one place that reads the
analyses), `aggregate` turns tallies into group values, differences and
bootstrap intervals, `run` streams records through both, `html` draws the
report, and `dask` runs the same aggregation on a Dask cluster.
"""

from __future__ import annotations

__all__ = ["Insights", "render_html", "run_insights"]


def __getattr__(name: str):
    # Imported on first use, so that `inclusivelint check` does not pay for numpy.
    if name in ("Insights", "run_insights"):
        from inclusivelint.insights import run

        return getattr(run, name)
    if name == "render_html":
        from inclusivelint.insights.html import render_html

        return render_html
    raise AttributeError(name)
