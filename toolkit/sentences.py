"""Paragraph and sentence boundaries, as character spans.

News copy is regular enough for rules: paragraphs are separated by blank lines
(or single newlines), and a sentence ends at ``.``, ``!`` or ``?`` (with any
closing quotation marks) before whitespace and a capital letter or an opening
quotation mark. A known abbreviation ("Mr.", "U.S.") does not end a sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "gen", "col", "lt", "sgt", "capt", "adm", "gov", "sen",
    "rep", "st", "jr", "sr", "no", "vs", "etc", "inc", "ltd", "co", "corp", "jan", "feb",
    "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "u.s", "u.n", "u.k",
    "e.u", "h.e", "a.m", "p.m", "i.e", "e.g", "approx", "dept", "min",
}  # fmt: skip

OPEN_QUOTES = '"“‘«„'
CLOSE_QUOTES = '"”’»'
# "§" stands for a masked quotation character (see toolkit.extract): a quotation may open a sentence.
_BOUNDARY = re.compile(r"[.!?]+[\"”’»)\]]*(?=\s+[\"“‘«(\[]?[A-Z0-9§])")


@dataclass(frozen=True)
class Span:
    start: int
    end: int


def paragraphs(text: str) -> list[Span]:
    """Blocks of text between blank lines, stripped of edge whitespace."""
    out = []
    for m in re.finditer(r"[^\n]+(?:\n[^\n]+)*", text):
        start, end = m.start(), m.end()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            out.append(Span(start, end))
    return out


def _ends_with_abbreviation(text: str, dot: int) -> bool:
    """Whether the full stop at ``dot`` closes an abbreviation or an initial."""
    m = re.search(r"([A-Za-z.]+)$", text[max(0, dot - 24) : dot])
    if not m:
        return False
    word = m.group(1).lower().strip(".")
    return word in ABBREVIATIONS or (len(word) == 1 and text[dot - 1].isupper())


def sentences(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Sentences of ``text[start:end]``, never crossing a paragraph break."""
    end = len(text) if end is None else end
    out: list[Span] = []
    for para in paragraphs(text[start:end]):
        p_start, p_end = para.start + start, para.end + start
        s = p_start
        for m in _BOUNDARY.finditer(text, p_start, p_end):
            if text[m.start()] == "." and _ends_with_abbreviation(text, m.start()):
                continue
            out.append(Span(s, m.end()))
            s = m.end()
            while s < p_end and text[s].isspace():
                s += 1
        if s < p_end:
            out.append(Span(s, p_end))
    return out
