"""Article and Statement: one schema for gold labels and predictions.

The shape is the article JSONL of ``docs/annotation-guidelines.md``. Predictions
add scores (``speaker_score``, ``theme_scores``, ``stance_scores``) to the same
records, so gold and predictions compare directly and any file the tagger
writes can be read back as input.

Pydantic checks types and unknown fields; ``check_article`` checks what types
cannot: offsets against the text, labels against the taxonomy, speakers
against the entities, overlaps.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from toolkit.taxonomy import Taxonomy


class Entity(BaseModel):
    """A source that speaks in the article: canonical name, affiliation, other forms."""

    model_config = ConfigDict(extra="forbid")

    name: str
    affiliation: str | None = None
    aliases: list[str] = Field(default_factory=list)


class Statement(BaseModel):
    """One reported statement: its content span, how it is reported, who said it, its tags.

    Labels are optional so that a stage's partial output (spans before tagging)
    is still a valid record; gold files carry all of them.
    """

    model_config = ConfigDict(extra="forbid")

    start: int
    end: int
    text: str
    kind: str | None = None
    cue: str | None = None
    speaker: str | None = None
    speaker_mention: str | None = None
    affiliation: str | None = None
    themes: list[str] = Field(default_factory=list)
    stance: str | None = None
    speaker_score: float | None = None
    theme_scores: dict[str, float] | None = None
    stance_scores: dict[str, float] | None = None


class Article(BaseModel):
    """An article's text with the statements found in it."""

    model_config = ConfigDict(extra="forbid")

    id: str
    text: str
    title: str | None = None
    source: str | None = None
    date: str | None = None
    entities: list[Entity] = Field(default_factory=list)
    statements: list[Statement] = Field(default_factory=list)

    def to_json_dict(self) -> dict[str, Any]:
        """The record as written to JSONL: unset scores are left out."""
        data = self.model_dump(exclude_none=True)
        for st in data["statements"]:
            st.setdefault("themes", [])
        return data


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a record: the field's path, the bad value and why."""

    field: str
    value: Any
    message: str


def check_article(article: Article, taxonomy: Taxonomy, require_labels: bool = False) -> list[Problem]:
    """Every problem of one article that the types alone do not catch.

    ``require_labels`` asks for the gold fields (kind, cue, speaker, stance ...)
    on every statement.
    """
    problems: list[Problem] = []
    names = {e.name for e in article.entities}
    for i, ent in enumerate(article.entities):
        if ent.name in {e.name for e in article.entities[:i]}:
            problems.append(Problem(f"entities[{i}].name", ent.name, "duplicate entity name"))

    text = article.text
    previous_end, previous_index = -1, -1
    for i, st in enumerate(article.statements):
        where = f"statements[{i}]"
        if not 0 <= st.start <= st.end <= len(text):
            problems.append(
                Problem(f"{where}.start/end", [st.start, st.end], f"offsets outside the text (length {len(text)})")
            )
        elif text[st.start : st.end] != st.text:
            problems.append(
                Problem(
                    f"{where}.text", st.text, f"differs from text[{st.start}:{st.end}] = {text[st.start : st.end]!r}"
                )
            )
        if st.start < previous_end:
            problems.append(
                Problem(f"{where}.start", st.start, f"overlaps statements[{previous_index}] (ends at {previous_end})")
            )
        if st.end > previous_end:
            previous_end, previous_index = st.end, i

        if st.kind is not None and st.kind not in taxonomy.kinds:
            problems.append(Problem(f"{where}.kind", st.kind, f"unknown kind (allowed: {', '.join(taxonomy.kinds)})"))
        for theme in st.themes:
            if theme not in taxonomy.themes:
                problems.append(
                    Problem(f"{where}.themes", theme, f"unknown theme (allowed: {', '.join(taxonomy.themes)})")
                )
        if len(set(st.themes)) != len(st.themes):
            problems.append(Problem(f"{where}.themes", st.themes, "a theme is listed twice"))
        if st.stance is not None and st.stance not in taxonomy.stances:
            problems.append(
                Problem(f"{where}.stance", st.stance, f"unknown stance (allowed: {', '.join(taxonomy.stances)})")
            )
        if st.speaker is not None and st.speaker not in names:
            problems.append(Problem(f"{where}.speaker", st.speaker, "not among the article's entities"))
        for name, scores, allowed in (
            ("theme_scores", st.theme_scores, taxonomy.themes),
            ("stance_scores", st.stance_scores, taxonomy.stances),
        ):
            for label in scores or {}:
                if label not in allowed:
                    problems.append(Problem(f"{where}.{name}", label, "score for an unknown label"))
        if require_labels:
            for name in ("kind", "cue", "speaker", "speaker_mention", "affiliation", "stance"):
                if getattr(st, name) in (None, ""):
                    problems.append(Problem(f"{where}.{name}", None, "required in gold data"))
    return problems
