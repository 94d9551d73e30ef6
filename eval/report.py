"""Writing the report dict as report.json, report.md and a self-contained report.html.

The dict built by ``eval.run`` is the single source: the Markdown and HTML
views only format it (and the figures are drawn from it), so the three files
can never disagree. NaN (an accuracy with nothing to judge) becomes JSON
``null`` because NaN is not valid JSON.
"""

from __future__ import annotations

import html
import json
import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import jinja2
import numpy as np

from eval import plots
from eval.templates import HTML

HEADLINE_TITLES = {
    "statement_f1": "Statement F1 (Jaccard ≥ 0.5)",
    "exact_f1": "Exact-span F1",
    "speaker_accuracy": "Speaker accuracy",
    "theme_micro_f1": "Theme micro-F1",
    "stance_macro_f1": "Stance macro-F1",
    "stance_f_avg": "Stance F_avg",
}
DETAIL_TITLES = [
    ("statements.n_pred", "Predicted statements"),
    ("statements.precision", "Statement precision"),
    ("statements.recall", "Statement recall"),
    ("statements.exact.precision", "Exact-span precision"),
    ("statements.exact.recall", "Exact-span recall"),
    ("attribution.affiliation_accuracy", "Affiliation accuracy"),
    ("attribution.fully_right_rate", "Fully right (over gold)"),
    ("themes.macro_f1", "Theme macro-F1"),
    ("stance.accuracy", "Stance accuracy"),
]
ERROR_TITLES = {
    "missed": "Missed gold statements",
    "false_positive": "False positives",
    "wrong_stance": "Wrong stance, most confident first",
    "wrong_speaker": "Wrong speaker, most confident first",
}


def to_jsonable(obj: Any) -> Any:
    """Plain JSON types: numpy scalars and arrays unwrapped, NaN and infinities as None, paths as strings."""
    if isinstance(obj, Mapping):
        return {str(k): to_jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple, np.ndarray)):
        return [to_jsonable(v) for v in obj]
    if isinstance(obj, (bool, np.bool_)):
        return bool(obj)
    if isinstance(obj, (int, np.integer)):
        return int(obj)
    if isinstance(obj, (float, np.floating)):
        return float(obj) if math.isfinite(obj) else None
    if isinstance(obj, Path):
        return str(obj)
    return obj


def dig(data: Mapping, dotted: str) -> Any:
    """``dig(d, "a.b")`` is ``d["a"]["b"]``, or None where a key is missing."""
    for key in dotted.split("."):
        if not isinstance(data, Mapping) or key not in data:
            return None
        data = data[key]
    return data


def fmt(value: Any, signed: bool = False) -> str:
    """A figure for a table: 3 decimals, ints as they are, missing as a dash."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "-"
    if isinstance(value, bool) or isinstance(value, int):
        return str(value)
    return f"{value:+.3f}" if signed else f"{value:.3f}"


def fmt_ci(h: Mapping[str, Any]) -> str:
    """``0.812 [0.750, 0.870]``, or the value alone without an interval."""
    if h.get("low") is None:
        return fmt(h.get("value"))
    return f"{fmt(h['value'])} [{fmt(h['low'])}, {fmt(h['high'])}]"


def _md_cell(text: Any) -> str:
    """Markdown table cell: HTML-escaped (a viewer may render raw HTML), pipes and newlines neutralised."""
    return html.escape(str(text)).replace("|", "\\|").replace("\n", " ")


def _md_table(header: list[str], rows: list[list[Any]]) -> list[str]:
    lines = ["| " + " | ".join(_md_cell(h) for h in header) + " |", "|" + " --- |" * len(header)]
    lines += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in rows]
    return lines + [""]


def headline_rows(report: Mapping[str, Any]) -> list[list[str]]:
    """Rows of figure x system, values with their intervals."""
    systems = report["systems"]
    return [[title] + [fmt_ci(s["headline"][key]) for s in systems.values()] for key, title in HEADLINE_TITLES.items()]


def render_markdown(report: Mapping[str, Any]) -> str:
    """report.md: the side-by-side table, per-label tables, comparisons and warnings."""
    cfg, systems = report["config"], report["systems"]
    names = list(systems)
    lines = [
        "# Evaluation report",
        "",
        f"- mode: {cfg['mode']}; gold: {_md_cell(cfg['gold'])}; {report['data']['n_articles']} articles, "
        f"{report['data']['n_gold_statements']} gold statements",
        f"- bootstrap: {cfg['n_bootstrap']} resamples of articles, seed {cfg['seed']}, 95% percentile intervals",
        f"- {report['provenance']['time_utc']}, commit {report['provenance']['git_commit'] or 'unknown'}",
        "",
        "## Systems",
        "",
    ]
    lines += _md_table(["figure", *names], headline_rows(report))
    lines += _md_table(["figure", *names], [[t] + [fmt(dig(s, k)) for s in systems.values()] for k, t in DETAIL_TITLES])
    for kind, title in (("themes", "Themes"), ("stance", "Stance")):
        lines += [f"## {title}: F1 per label", ""]
        labels = report["labels"][kind]
        rows = [[lab] + [fmt_ci(s["per_label_ci"][kind][lab]) for s in systems.values()] for lab in labels]
        lines += _md_table(["label", *names], rows)
    if report["comparisons"]:
        lines += ["## Paired bootstrap (A minus B)", ""]
        rows = [
            [
                f"{c['a']} vs {c['b']}",
                HEADLINE_TITLES[key],
                fmt(d["diff"], signed=True),
                f"[{fmt(d['low'], True)}, {fmt(d['high'], True)}]",
                fmt(d["p_flip"]),
                "yes" if d["significant"] else "no",
            ]
            for c in report["comparisons"]
            for key, d in c["figures"].items()
        ]
        lines += _md_table(["systems", "figure", "difference", "95% CI", "p_flip", "real?"], rows)
    warnings = [w for s in systems.values() for w in s["warnings"]]
    if warnings:
        lines += ["## Warnings", ""] + [f"- {_md_cell(w)}" for w in warnings] + [""]
    lines += ["The worst errors, with their text, are in report.html.", ""]
    return "\n".join(lines)


def figures(report: Mapping[str, Any]) -> dict[str, str]:
    """Title -> base64 PNG of every figure the report can draw."""
    systems, labels = report["systems"], report["labels"]
    out = {
        "Stance confusion matrices (gold rows, predicted columns)": plots.confusion_plot(
            {name: s["stance"]["confusion"]["matrix"] for name, s in systems.items()}, labels["stance"], "Stance"
        ),
        "Theme F1 per label, 95% bootstrap CI": plots.f1_bars(
            {name: s["per_label_ci"]["themes"] for name, s in systems.items()}, labels["themes"], "Themes"
        ),
        "Stance F1 per class, 95% bootstrap CI": plots.f1_bars(
            {name: s["per_label_ci"]["stance"] for name, s in systems.items()}, labels["stance"], "Stance"
        ),
    }
    calibrated = {name: s["calibration"] for name, s in systems.items() if s.get("calibration")}
    if calibrated:
        out["Stance score calibration: reliability diagram and confidence histogram"] = plots.calibration_plot(
            calibrated
        )
    return out


def render_html(report: Mapping[str, Any]) -> str:
    """report.html: one file, figures inlined, every piece of text escaped."""
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    env.filters["num"] = fmt
    env.filters["dig"] = dig
    return env.from_string(HTML).render(
        config=report["config"],
        data=report["data"],
        prov=report["provenance"],
        systems=report["systems"],
        comparisons=report["comparisons"],
        figures=figures(report),
        headline_titles=HEADLINE_TITLES,
        detail_titles=DETAIL_TITLES,
        error_titles=ERROR_TITLES,
    )


def write_reports(report: Mapping[str, Any], out: Path) -> dict[str, Path]:
    """Write the three files into ``out`` (created if needed); returns their paths."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    data = to_jsonable(report)
    paths = {"json": out / "report.json", "md": out / "report.md", "html": out / "report.html"}
    paths["json"].write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    paths["md"].write_text(render_markdown(data), encoding="utf-8")
    paths["html"].write_text(render_html(data), encoding="utf-8")
    return paths


def format_summary(report: Mapping[str, Any]) -> str:
    """The short plain-text table printed to stdout: headline figures per system."""
    data = to_jsonable(report)
    header = ["system", "stmt F1", "exact F1", "speaker", "theme uF1", "stance mF1", "F_avg"]
    rows = [[name] + [fmt(s["headline"][k]["value"]) for k in HEADLINE_TITLES] for name, s in data["systems"].items()]
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(str(c).ljust(w) for c, w in zip(r, widths, strict=True)) for r in [header, *rows]]
    return "\n".join(lines)
