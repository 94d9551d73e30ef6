"""The speaker × theme heatmap, as a base64 PNG for a self-contained HTML page.

Colour is the cell's balance ``(support - oppose) / n`` on a diverging map
(red against, white even or neutral, blue favor) fixed to [-1, 1] so colours
mean the same in every report; empty cells are grey and each cell shows its
counts. Drawn with the Agg canvas directly, leaving pyplot's global state
alone.
"""

from __future__ import annotations

import base64
import io

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from toolkit.compare.tables import Table, balance


def heatmap_png(
    table: Table, themes: list[str], support: str, oppose: str, title: str, max_rows: int = 40
) -> str | None:
    """Base64 PNG of ``table`` (rows: sides, columns: ``themes``); ``None`` for an empty table.

    A corpus can have hundreds of speakers: only the ``max_rows`` with the
    most theme statements are drawn (in name order), and the title says so;
    the full table is in the reports.
    """
    volume = {side: sum(sum(table[side][t].values()) for t in themes) for side in table}
    busiest = set(sorted(volume, key=lambda side: -volume[side])[:max_rows])
    rows = [side for side in table if side in busiest]
    if not rows or not themes:
        return None
    if len(rows) < len(table):
        title += f", {len(rows)} of {len(table)} rows with the most statements"
    values = np.full((len(rows), len(themes)), np.nan)
    for i, side in enumerate(rows):
        for j, theme in enumerate(themes):
            b = balance(table[side][theme], support, oppose)
            if b is not None:
                values[i, j] = b
    fig = Figure(figsize=(1.6 + 1.3 * len(themes), 1.2 + 0.42 * len(rows)), dpi=100)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    cmap = _colormap()
    image = ax.imshow(np.ma.masked_invalid(values), cmap=cmap, vmin=-1, vmax=1, aspect="auto")
    ax.set_xticks(range(len(themes)), labels=themes, rotation=30, ha="right")
    ax.set_yticks(range(len(rows)), labels=rows)
    for i, side in enumerate(rows):
        for j, theme in enumerate(themes):
            counts = table[side][theme]
            if sum(counts.values()):
                colour = "white" if abs(values[i, j]) > 0.5 else "black"
                label = "/".join(str(n) for n in counts.values())
                ax.text(j, i, label, ha="center", va="center", fontsize=8, color=colour)
    stances = "/".join(next(iter(table.values()))[themes[0]])
    ax.set_title(f"{title} (cells: {stances})", fontsize=10)
    fig.colorbar(image, ax=ax, label=f"({support} - {oppose}) / n")
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _colormap():
    from matplotlib import colormaps

    return colormaps["RdBu"].with_extremes(bad="#dddddd")
