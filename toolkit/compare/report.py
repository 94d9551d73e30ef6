"""The comparison as JSON, as Markdown, and as the short summary the command prints."""

from __future__ import annotations

import json
from pathlib import Path

from toolkit.compare.alignment import ONE_SIDED


def write_json(result: dict, path: Path) -> Path:
    path.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


def _cell(counts: dict[str, int]) -> str:
    return "/".join(str(n) for n in counts.values()) if sum(counts.values()) else "·"


def _md(text: str) -> str:
    """Text safe inside a Markdown table cell or bullet: one line, pipes and angle brackets escaped."""
    return " ".join(text.split()).replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")


def _table_md(table: dict, themes: list[str], stances: list[str], label: str) -> list[str]:
    lines = [f"| {label} | " + " | ".join(themes) + " |", "|---" * (len(themes) + 1) + "|"]
    for side, row in table.items():
        lines.append(f"| {_md(side)} | " + " | ".join(_cell(row[t]) for t in themes) + " |")
    return lines + ["", f"Cells: {'/'.join(stances)} statement counts.", ""]


def _cite(s: dict) -> str:
    return f"`{s['article']}` [{s['start']}:{s['end']}]"


def markdown(result: dict) -> str:
    """A readable report: tables, verdicts with their statements, matched pairs, trends."""
    themes, stances, th = result["themes"], result["stances"], result["threshold"]
    out = [
        "# Statement comparison",
        "",
        f"{len(result['articles'])} article(s), {result['n_statements']} attributed statement(s), "
        f"{len(result['speakers'])} speaker(s).",
        "",
        f"Matched-pair threshold: **{th['value']}** ({th['source']}): {th['chosen_by']}.",
        "",
        "## Speaker × theme",
        "",
        *_table_md(result["tables"]["speaker"], themes, stances, "speaker"),
        "## Affiliation × theme",
        "",
        *_table_md(result["tables"]["affiliation"], themes, stances, "affiliation"),
    ]
    for level in ("speaker", "affiliation"):
        counts = ", ".join(f"{k} {n}" for k, n in result["verdict_counts"][level].items())
        out += [f"## Verdicts by {level}", "", counts, ""]
        one_sided = []
        for v in result["verdicts"][level]:
            if v["verdict"] == ONE_SIDED:
                one_sided.append(f"{_md(v['a'])} / {_md(v['b'])} on {v['theme']} (only {_md(_speaking(v))})")
                continue
            positions = f" ({v['a_stance']} / {v['b_stance']})"
            out.append(f"- **{_md(v['a'])}** vs **{_md(v['b'])}** on *{v['theme']}*: {v['verdict']}{positions}")
            for s in v["statements"]:
                out.append(f"  - {_md(s['side'])} ({s['stance']}), {_cite(s)}: {_md(s['text'])}")
        if one_sided:
            out += ["", f"One-sided (statements in comparison.json): {'; '.join(one_sided)}."]
        out.append("")
    out += [
        "## Matched statements",
        "",
        f"{len(result['matched_pairs'])} of {result['n_candidate_pairs']} candidate pair(s) "
        f"(different speakers, same article, a shared theme) at similarity ≥ {th['value']}.",
        "",
    ]
    for m in result["matched_pairs"]:
        a, b = m["a"], m["b"]
        out += [
            f"- {m['similarity']:.3f} on {', '.join(m['themes'])}, `{m['article']}`",
            f"  - {_md(a['speaker'])} ({_md(a['affiliation'])}) [{a['start']}:{a['end']}]: {_md(a['text'])}",
            f"  - {_md(b['speaker'])} ({_md(b['affiliation'])}) [{b['start']}:{b['end']}]: {_md(b['text'])}",
        ]
    trends = result["trends"]
    out += ["", f"## Stances over time (by {trends['period']})", "", "| period | affiliation | theme | "
            + " | ".join(stances) + " |", "|---" * (3 + len(stances)) + "|"]  # fmt: skip
    for period, by_aff in trends["counts"].items():
        for aff, by_theme in by_aff.items():
            for theme, counts in by_theme.items():
                out.append(f"| {period} | {_md(aff)} | {theme} | " + " | ".join(str(n) for n in counts.values()) + " |")
    return "\n".join(out) + "\n"


def _speaking(verdict: dict) -> str:
    """The side that spoke to the theme in a one-sided verdict."""
    return verdict["statements"][0]["side"]


def write_markdown(result: dict, path: Path) -> Path:
    path.write_text(markdown(result), encoding="utf-8")
    return path


def summary(result: dict, out_dir: Path, max_lines: int = 12) -> str:
    """A few printable lines: who and what was compared, the verdicts, the pairs, where the files are."""
    shown = result["speakers"][:max_lines]
    speakers = ", ".join(f"{s['speaker']} ({'/'.join(s['affiliations'])})" for s in shown)
    if len(result["speakers"]) > len(shown):
        speakers += f" and {len(result['speakers']) - len(shown)} more"
    th = result["threshold"]
    lines = [
        f"compared {len(result['articles'])} article(s), {result['n_statements']} statement(s)",
        f"speakers: {speakers}",
        f"themes: {', '.join(result['themes'])}",
    ]
    for level in ("speaker", "affiliation"):
        counts = ", ".join(f"{k} {n}" for k, n in result["verdict_counts"][level].items())
        lines.append(f"{level} verdicts: {counts}")
    taking_sides: dict[tuple[str, str], list[str]] = {}
    for v in result["verdicts"]["speaker"]:
        if v["verdict"] != ONE_SIDED:
            taking_sides.setdefault((v["a"], v["b"]), []).append(f"{v['verdict']} on {v['theme']}")
    busiest = sorted(taking_sides.items(), key=lambda kv: -len(kv[1]))  # stable: name order among equals
    for (a, b), items in busiest[:max_lines]:
        lines.append(f"  {a} vs {b}: {', '.join(items)}")
    how = th["source"]
    if th.get("f1") is not None:
        how += f": best F1 {th['f1']} on {th['n_pairs']} judged pairs"
    lines.append(
        f"matched pairs: {len(result['matched_pairs'])} of {result['n_candidate_pairs']} candidates "
        f"at threshold {th['value']} ({how})"
    )
    for m in result["matched_pairs"][:max_lines]:
        lines.append(
            f"  {m['similarity']:.3f} {m['a']['speaker']} ~ {m['b']['speaker']} on {', '.join(m['themes'])}: "
            f"{_short(m['a']['text'])} | {_short(m['b']['text'])}"
        )
    lines.append(f"wrote {out_dir / 'comparison.json'}, comparison.md, comparison.html")
    return "\n".join(lines)


def _short(text: str, n: int = 50) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"
