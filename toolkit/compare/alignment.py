"""Per theme, whether two sides (speakers or affiliations) stand together or apart.

Rules, for each pair of sides and each theme at least one of them spoke to:

- Each side's position is the MAJORITY stance of its statements on the theme
  (every stance of the taxonomy votes). A tie at the top goes to the one
  polar stance (support or oppose, ``configs/compare.yaml``) among the tied
  if there is exactly one — a merely neutral mention does not cancel a
  position — and otherwise (support tied with oppose) there is no majority.
- ``aligned``: both positions are the same polar stance (both favor or both
  against). ``divergent``: one side's position is support, the other's
  oppose.
- ``one-sided``: only one of the two made any statement on the theme.
- ``non-committal``: both spoke to the theme but at least one took no side:
  its statements there are neutral-only, mostly neutral, or split evenly
  between support and oppose. Such a side did speak, so "one-sided" would
  misreport it, and agreement or disagreement cannot be read from a side
  that took no position. This is our decision for neutral-only sides.

Which pairs, and which statements: by default (``side_pairs:
shared-article`` in ``configs/compare.yaml``) only sides that both speak in
at least one common article — sides that met, or were reported together —
and each side's position is the majority over its statements IN THOSE
SHARED ARTICLES: the occasions on which the two could answer each other.
With ``all``, every pair of sides is compared on all their statements; over
a corpus that compares officials who never addressed each other and grows
as the square of the speakers (66 articles: 166,000 speaker verdicts,
324 MB of JSON, mostly "one-sided"). On one article both are the same.

Group statements (affiliation "multiple": "the two sides") take part in
speaker verdicts, each group per article, but not in affiliation verdicts:
they speak for several affiliations at once, and "multiple" pooled over a
corpus is no party at all. They still count in the tables and trends.

Every verdict lists the statements behind it, so it can be checked by hand.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import combinations

from toolkit.compare.records import StatementRef
from toolkit.taxonomy import Taxonomy

ALIGNED, DIVERGENT, ONE_SIDED, NON_COMMITTAL = "aligned", "divergent", "one-sided", "non-committal"
VERDICTS = (ALIGNED, DIVERGENT, ONE_SIDED, NON_COMMITTAL)


def majority_stance(counts: dict[str, int], polar: tuple[str, str]) -> str | None:
    """The stance with the most statements; ties as the module docstring says; ``None`` when none.

    ``polar`` is ``(support, oppose)``. The result may be a non-polar stance
    (``neutral``), which takes no side.
    """
    top = max(counts.values(), default=0)
    if top == 0:
        return None
    tied = [stance for stance, n in counts.items() if n == top]
    if len(tied) == 1:
        return tied[0]
    polar_tied = [stance for stance in tied if stance in polar]
    return polar_tied[0] if len(polar_tied) == 1 else None


@dataclass
class Verdict:
    """How sides ``a`` and ``b`` relate on one theme, with their positions and evidence."""

    level: str
    a: str
    b: str
    theme: str
    verdict: str
    a_stance: str | None
    b_stance: str | None
    a_counts: dict[str, int]
    b_counts: dict[str, int]
    statements: list[dict] = field(default_factory=list)

    def to_dict(self) -> dict:
        return dict(self.__dict__)


def verdict_of(a_stance: str | None, b_stance: str | None, a_spoke: bool, b_spoke: bool, polar: tuple[str, str]) -> str:
    """The verdict for two sides' positions on one theme (see the module docstring)."""
    if a_spoke != b_spoke:
        return ONE_SIDED
    if a_stance in polar and b_stance in polar:
        return ALIGNED if a_stance == b_stance else DIVERGENT
    return NON_COMMITTAL


SIDE_PAIRS = ("shared-article", "all")


def side_pairs(statements: Sequence[StatementRef], level: str, scope: str = "shared-article") -> list[tuple[str, str]]:
    """The pairs of sides to compare, each ordered by name, sorted (see the module docstring)."""
    if scope == "all":
        return list(combinations(sorted({st.side(level) for st in statements}), 2))
    if scope != "shared-article":
        raise ValueError(f"unknown side_pairs {scope!r} (allowed: {', '.join(SIDE_PAIRS)})")
    by_article: dict[str, set[str]] = {}
    for st in statements:
        by_article.setdefault(st.article, set()).add(st.side(level))
    return sorted({pair for sides in by_article.values() for pair in combinations(sorted(sides), 2)})


def compare_sides(
    statements: Sequence[StatementRef],
    level: str,
    taxonomy: Taxonomy,
    polar: tuple[str, str],
    scope: str = "shared-article",
) -> list[Verdict]:
    """A verdict for every pair of sides at ``level`` (per ``scope``) and every theme either spoke to.

    Sides are ordered by name and themes by the taxonomy, so the output is
    stable across runs and inputs orders.
    """
    if level == "affiliation":
        statements = [st for st in statements if not st.group]
    by_side_theme: dict[tuple[str, str], list[StatementRef]] = {}
    for st in statements:
        for theme in st.themes:
            by_side_theme.setdefault((st.side(level), theme), []).append(st)
    articles_of: dict[str, set[str]] = {}
    for st in statements:
        articles_of.setdefault(st.side(level), set()).add(st.article)
    verdicts = []
    for a, b in side_pairs(statements, level, scope):
        shared = articles_of[a] & articles_of[b] if scope == "shared-article" else None
        for theme in taxonomy.themes:
            a_sts, b_sts = by_side_theme.get((a, theme), []), by_side_theme.get((b, theme), [])
            if shared is not None:
                a_sts = [st for st in a_sts if st.article in shared]
                b_sts = [st for st in b_sts if st.article in shared]
            if not a_sts and not b_sts:
                continue
            a_counts, b_counts = _counts(a_sts, taxonomy), _counts(b_sts, taxonomy)
            a_stance, b_stance = majority_stance(a_counts, polar), majority_stance(b_counts, polar)
            evidence = [{"side": a, "stance": s.stance, **s.cite()} for s in a_sts]
            evidence += [{"side": b, "stance": s.stance, **s.cite()} for s in b_sts]
            verdicts.append(
                Verdict(
                    level=level,
                    a=a,
                    b=b,
                    theme=theme,
                    verdict=verdict_of(a_stance, b_stance, bool(a_sts), bool(b_sts), polar),
                    a_stance=a_stance,
                    b_stance=b_stance,
                    a_counts=a_counts,
                    b_counts=b_counts,
                    statements=evidence,
                )
            )
    return verdicts


def _counts(statements: Sequence[StatementRef], taxonomy: Taxonomy) -> dict[str, int]:
    counts = dict.fromkeys(taxonomy.stances, 0)
    for st in statements:
        if st.stance is not None:
            counts[st.stance] += 1
    return counts
