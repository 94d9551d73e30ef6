"""What a statement classifier reads, built the same way in training and at inference.

``statement``: the content span alone. ``sentence``: the span paired with the
sentence(s) it sits in, so the cue ("opposes", "welcomed") and the speaker
are visible; a span such as "the new tariffs" says nothing of stance alone.
``marked``: the same sentence(s) read once, with the span between ``[`` and
``]``: the context of ``sentence`` in about a third fewer tokens (it scored a
little lower on dev, see docs/results.md). ``passage``: like ``sentence`` with the
sentence before it too, where "the measure" or "the claim" is named.
"""

from __future__ import annotations

import bisect

from toolkit.schema import Statement
from toolkit.sentences import sentences

CONTEXTS = ("statement", "sentence", "marked", "passage")
MARKS = ("[ ", " ]")
MAX_CONTEXT_CHARS = 600


class ArticleContext:
    """An article's sentences, split once, to look up the context of many spans."""

    def __init__(self, text: str):
        self.text = text
        self._sentences = sentences(text)
        self._ends = [s.end for s in self._sentences]

    def around(self, start: int, end: int, before: int = 0) -> str:
        """The sentences overlapping ``text[start:end]`` and ``before`` more ahead of them,
        clipped around the span if very long."""
        lo, hi = self._bounds(start, end, before)
        return self.text[lo:hi]

    def marked(self, start: int, end: int) -> str:
        """``around`` with the span itself between ``MARKS``."""
        lo, hi = self._bounds(start, end)
        t = self.text
        return f"{t[lo:start]}{MARKS[0]}{t[start:end]}{MARKS[1]}{t[end:hi]}"

    def _bounds(self, start: int, end: int, before: int = 0) -> tuple[int, int]:
        """Start and end of the context: always contains ``[start, end)``."""
        first = bisect.bisect_right(self._ends, start)
        lo, hi = start, end
        if first < len(self._sentences) and self._sentences[first].start < end:
            lo = min(start, self._sentences[max(0, first - before)].start)
            last = first
            while last + 1 < len(self._sentences) and self._sentences[last + 1].start < end:
                last += 1
            hi = max(end, self._sentences[last].end)
        if hi - lo > MAX_CONTEXT_CHARS:
            lo = max(lo, start - MAX_CONTEXT_CHARS // 3)
            hi = min(hi, max(end, lo + MAX_CONTEXT_CHARS))
        return lo, hi

    def classifier_input(self, statement: Statement, context: str) -> tuple[str, str | None]:
        """``(text, text_pair)`` for the tokenizer, per the model's ``context`` setting."""
        if context == "statement":
            return statement.text, None
        if context == "sentence":
            return statement.text, self.around(statement.start, statement.end)
        if context == "passage":
            return statement.text, self.around(statement.start, statement.end, before=1)
        if context == "marked":
            return self.marked(statement.start, statement.end), None
        raise ValueError(f"unknown classifier context {context!r} (allowed: {', '.join(CONTEXTS)})")
