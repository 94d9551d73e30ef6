"""Stance counts per side (speaker or affiliation) and theme: the comparison's raw table.

Rows and columns follow the taxonomy's order for themes and stances, so the
same table is produced whatever order the statements come in.
"""

from __future__ import annotations

from collections.abc import Iterable

from toolkit.compare.records import StatementRef
from toolkit.taxonomy import Taxonomy

Table = dict[str, dict[str, dict[str, int]]]


def stance_table(statements: Iterable[StatementRef], level: str, taxonomy: Taxonomy) -> Table:
    """``table[side][theme][stance]`` = number of statements; a statement counts once per theme it carries.

    Every side gets every theme and stance (zeros included) so the table is
    rectangular; sides are sorted by name. Statements without a stance are
    not counted: they say nothing about a position.
    """
    table: Table = {}
    for st in statements:
        row = table.setdefault(st.side(level), _empty_row(taxonomy))
        if st.stance is None:
            continue
        for theme in st.themes:
            row[theme][st.stance] += 1
    return {side: table[side] for side in sorted(table)}


def _empty_row(taxonomy: Taxonomy) -> dict[str, dict[str, int]]:
    return {theme: dict.fromkeys(taxonomy.stances, 0) for theme in taxonomy.themes}


def balance(counts: dict[str, int], support: str, oppose: str) -> float | None:
    """``(support - oppose) / n`` over all of the cell's statements; ``None`` for an empty cell.

    Neutral statements count in ``n`` so that a mostly neutral speaker shows
    pale, not as strongly as one who only took sides.
    """
    n = sum(counts.values())
    if n == 0:
        return None
    return (counts.get(support, 0) - counts.get(oppose, 0)) / n
