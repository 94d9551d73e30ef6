"""Statement comparison across speakers, affiliations and time.

- ``tables``: stance counts per speaker (or affiliation) and theme.
- ``alignment``: aligned / divergent / one-sided / non-committal verdicts per pair of sides and theme.
- ``pairs``: matched statements (answers) by embedding similarity within a shared theme.
- ``threshold``: choosing the pair threshold on hand-judged pairs.
- ``trends``: stance counts per affiliation and theme by day, month or year.
- ``build`` assembles them; ``report``, ``heatmap`` and ``html_report`` render; ``run`` is the command.

The public names below are imported on first use, so importing the package
loads neither torch nor matplotlib, and ``python -m toolkit.compare.threshold``
runs cleanly.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_PUBLIC = {
    "run_compare": "toolkit.compare.run",
    "compare_articles": "toolkit.compare.build",
    "majority_stance": "toolkit.compare.alignment",
    "compare_sides": "toolkit.compare.alignment",
    "best_threshold": "toolkit.compare.threshold",
    "choose_threshold": "toolkit.compare.threshold",
}
__all__ = sorted(_PUBLIC)


def __getattr__(name: str) -> Any:
    if name in _PUBLIC:
        return getattr(import_module(_PUBLIC[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
