"""Statements flattened out of their articles, each carrying what comparison needs.

Every table, verdict and pair is computed from these flat records, and each
cites its statements by ``(article, start, end, text)`` so a reader can go
back to the exact span.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from toolkit.schema import Article


@dataclass(frozen=True)
class StatementRef:
    """One attributed statement with its article's id and date."""

    article: str
    start: int
    end: int
    text: str
    speaker: str
    affiliation: str
    themes: tuple[str, ...]
    stance: str | None
    date: str | None = None
    group: bool = False

    def cite(self) -> dict:
        """The evidence form used in every output: where the statement is and what it says."""
        return {"article": self.article, "start": self.start, "end": self.end, "text": self.text}

    def side(self, level: str) -> str:
        """The statement's side at a comparison level: ``speaker`` or ``affiliation``."""
        if level == "speaker":
            return self.speaker
        if level == "affiliation":
            return self.affiliation
        raise ValueError(f"unknown comparison level {level!r} (allowed: speaker, affiliation)")


LEVELS = ("speaker", "affiliation")
UNKNOWN_AFFILIATION = "unknown"


def flatten(articles: Iterable[Article], group_affiliation: str | None = None) -> list[StatementRef]:
    """All statements that have a speaker, in article order.

    A statement without a speaker (a prediction the attributor left open)
    cannot be compared with anyone, so it is left out; a missing affiliation
    becomes ``unknown`` so that the speaker still counts.

    Group speakers (affiliation ``group_affiliation``, "multiple" in the
    guidelines, D9) are named by a phrase such as "the two sides" that means
    different groups in different articles, so their name is qualified with
    the article id ("the two sides [seed-000]") and they are flagged
    ``group``: they speak for several affiliations at once.
    """
    out = []
    for article in articles:
        for st in article.statements:
            if not st.speaker:
                continue
            group = group_affiliation is not None and st.affiliation == group_affiliation
            out.append(
                StatementRef(
                    article=article.id,
                    start=st.start,
                    end=st.end,
                    text=st.text,
                    speaker=f"{st.speaker} [{article.id}]" if group else st.speaker,
                    affiliation=st.affiliation or UNKNOWN_AFFILIATION,
                    themes=tuple(st.themes),
                    stance=st.stance,
                    date=article.date,
                    group=group,
                )
            )
    return out
