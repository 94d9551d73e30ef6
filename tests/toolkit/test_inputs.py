"""What the classifiers read: every context holds the statement, built the same way each time."""

import pytest

from toolkit.inputs import MARKS, MAX_CONTEXT_CHARS, ArticleContext
from toolkit.schema import Statement

TEXT = (
    "Talks were held in Dushanbe. China firmly opposes the new tariffs, Wang said, calling them unfair. "
    "The visit ends on Friday."
)


def _statement(text: str, span: str) -> Statement:
    start = text.index(span)
    return Statement(start=start, end=start + len(span), text=span, kind="indirect", cue="said")


def test_sentence_context_pairs_the_span_with_its_sentence():
    st = _statement(TEXT, "China firmly opposes the new tariffs")
    text, pair = ArticleContext(TEXT).classifier_input(st, "sentence")
    assert text == st.text
    assert pair == "China firmly opposes the new tariffs, Wang said, calling them unfair."


def test_marked_context_is_the_sentence_with_the_span_between_marks():
    st = _statement(TEXT, "China firmly opposes the new tariffs")
    text, pair = ArticleContext(TEXT).classifier_input(st, "marked")
    assert pair is None
    assert text == f"{MARKS[0]}China firmly opposes the new tariffs{MARKS[1]}, Wang said, calling them unfair."


def test_marked_context_spans_every_sentence_of_a_multi_sentence_quotation():
    text = 'He spoke first. "We disagree. It will not work," she said. Then the talks ended.'
    st = _statement(text, "We disagree. It will not work")
    marked, _ = ArticleContext(text).classifier_input(st, "marked")
    assert marked == f'"{MARKS[0]}We disagree. It will not work{MARKS[1]}," she said.'


def test_a_very_long_sentence_is_clipped_but_keeps_the_whole_span():
    filler = "and the ministers reviewed many other items " * 40
    text = f"Officials said {filler}China firmly opposes the new tariffs {filler}today."
    st = _statement(text, "China firmly opposes the new tariffs")
    ctx = ArticleContext(text)
    marked, _ = ctx.classifier_input(st, "marked")
    assert f"{MARKS[0]}{st.text}{MARKS[1]}" in marked
    assert len(marked) <= MAX_CONTEXT_CHARS + len("".join(MARKS))
    assert st.text in ctx.around(st.start, st.end)


def test_unknown_context_is_refused():
    st = _statement(TEXT, "China firmly opposes the new tariffs")
    with pytest.raises(ValueError, match="unknown classifier context 'paragraph'"):
        ArticleContext(TEXT).classifier_input(st, "paragraph")


def test_passage_context_adds_the_sentence_before():
    st = _statement(TEXT, "China firmly opposes the new tariffs")
    text, pair = ArticleContext(TEXT).classifier_input(st, "passage")
    assert text == st.text
    assert pair == "Talks were held in Dushanbe. China firmly opposes the new tariffs, Wang said, calling them unfair."
    first = _statement(TEXT, "Talks were held")
    assert ArticleContext(TEXT).classifier_input(first, "passage")[1] == "Talks were held in Dushanbe."
