"""Assemble the whole comparison of a set of articles into one JSON-ready dict.

Every writer (JSON, Markdown, HTML, the printed summary) renders this dict
and nothing else, so the three files always say the same thing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from toolkit.compare.alignment import VERDICTS, compare_sides
from toolkit.compare.config import CompareConfig
from toolkit.compare.pairs import candidate_pairs, match_pairs
from toolkit.compare.records import LEVELS, StatementRef, flatten
from toolkit.compare.tables import stance_table
from toolkit.compare.trends import stance_trends
from toolkit.embed import TextEncoder
from toolkit.schema import Article
from toolkit.taxonomy import Taxonomy


@dataclass(frozen=True)
class ThresholdInfo:
    """The threshold in force and where it came from, stated in every output."""

    value: float
    source: str
    chosen_by: str
    f1: float | None = None
    n_pairs: int | None = None

    @classmethod
    def from_config(cls, config: CompareConfig, override: float | None = None) -> ThresholdInfo:
        if override is not None:
            return cls(override, "--threshold", f"given on the command line (the shipped {config.threshold} "
                       f"{config.chosen_by})")  # fmt: skip
        return cls(config.threshold, "configs/compare.yaml", config.chosen_by, config.f1, config.n_pairs)


def compare_articles(
    articles: Sequence[Article],
    taxonomy: Taxonomy,
    config: CompareConfig,
    threshold: ThresholdInfo,
    period: str,
    encoder: Callable[[], TextEncoder],
) -> dict:
    """Tables, verdicts, matched pairs and trends of ``articles``.

    ``encoder`` is a factory called only when there are candidate pairs, so
    the model is never loaded for nothing.
    """
    statements = flatten(articles, config.group_affiliation)
    polar = config.polar
    candidates = candidate_pairs(statements)
    matched = match_pairs(candidates, encoder() if candidates else None, threshold.value, config.batch_size)
    verdicts = {
        level: [v.to_dict() for v in compare_sides(statements, level, taxonomy, polar, config.side_pairs)]
        for level in LEVELS
    }
    return {
        "articles": [a.id for a in articles],
        "n_statements": len(statements),
        "themes": list(taxonomy.themes),
        "stances": list(taxonomy.stances),
        "stance_roles": {"support": config.support, "oppose": config.oppose},
        "side_pairs": config.side_pairs,
        "speakers": _speakers(statements),
        "tables": {level: stance_table(statements, level, taxonomy) for level in LEVELS},
        "verdicts": verdicts,
        "verdict_counts": {
            level: {name: sum(v["verdict"] == name for v in verdicts[level]) for name in VERDICTS} for level in LEVELS
        },
        "matched_pairs": [m.to_dict() for m in matched],
        "n_candidate_pairs": len(candidates),
        "threshold": threshold.__dict__.copy(),
        "trends": {"period": period, "counts": stance_trends(statements, period, taxonomy)},
    }


def _speakers(statements: Sequence[StatementRef]) -> list[dict]:
    """Each speaker with the affiliation(s) it speaks for and its number of statements."""
    seen: dict[str, dict] = {}
    for st in statements:
        entry = seen.setdefault(st.speaker, {"speaker": st.speaker, "affiliations": [], "statements": 0})
        entry["statements"] += 1
        if st.affiliation not in entry["affiliations"]:
            entry["affiliations"].append(st.affiliation)
    return [seen[name] for name in sorted(seen)]
