"""Span matching: tokens, Jaccard, the 0.5 threshold, one-to-one assignment. Values computed by hand."""

from __future__ import annotations

import pytest

from eval.matching import jaccard, match_exact, match_spans, span_tokens, tokens

TEXT = "alpha beta gamma delta epsilon zeta eta theta"


def sp(sub: str, text: str = TEXT) -> tuple[int, int]:
    start = text.index(sub)
    return start, start + len(sub)


def test_tokens_are_lowercase_words():
    assert tokens("China's  Ready-to WORK, 2024!") == ["china", "s", "ready", "to", "work", "2024"]


def test_jaccard_of_sets():
    assert jaccard({1, 2, 3}, {2, 3, 4}) == pytest.approx(2 / 4)
    assert jaccard(set(), set()) == 0.0


@pytest.mark.parametrize(
    ("pred", "expected", "matched"),
    [
        ("beta gamma delta epsilon", 3 / 5, True),  # just above: 3 shared of 5
        ("gamma delta", 2 / 4, True),  # exactly the threshold counts
        ("gamma delta epsilon", 2 / 5, False),  # just below
        ("alpha beta gamma delt", 3 / 5, True),  # a cut word is another token
    ],
)
def test_partial_overlap_against_threshold(pred, expected, matched):
    gold = sp("alpha beta gamma delta")
    j = jaccard(span_tokens(TEXT, *gold), span_tokens(TEXT, *sp(pred)))
    assert j == pytest.approx(expected)
    pairs = match_spans(TEXT, [gold], [sp(pred)])
    assert [(m.gold, m.pred) for m in pairs] == ([(0, 0)] if matched else [])
    if matched:
        assert pairs[0].jaccard == pytest.approx(expected)


def test_seven_token_gold_four_shared_matches_three_does_not():
    gold = sp("alpha beta gamma delta epsilon zeta eta")
    assert match_spans(TEXT, [gold], [sp("alpha beta gamma delta")])[0].jaccard == pytest.approx(4 / 7)
    assert match_spans(TEXT, [gold], [sp("alpha beta gamma")]) == []  # 3/7 = 0.43


def test_repeated_words_elsewhere_do_not_overlap():
    text = "we agree on this. we agree on this."
    first, second = (0, 16), (18, 34)
    assert text[first[0] : first[1]] == text[second[0] : second[1]]
    assert match_spans(text, [first], [second]) == []


def test_prediction_straddling_two_gold_statements_matches_once():
    golds = [sp("alpha beta"), sp("gamma delta")]
    pred = sp("alpha beta gamma delta")  # Jaccard 2/4 with each gold
    pairs = match_spans(TEXT, golds, [pred])
    assert len(pairs) == 1 and pairs[0].pred == 0 and pairs[0].jaccard == pytest.approx(0.5)


def test_gold_overlapped_by_two_predictions_matches_one_of_them():
    gold = sp("alpha beta gamma delta")
    preds = [sp("alpha beta"), sp("gamma delta")]  # each 2/4 with the gold
    pairs = match_spans(TEXT, [gold], preds)
    assert len(pairs) == 1 and pairs[0].gold == 0


def test_assignment_maximises_total_overlap():
    golds = [sp("alpha beta"), sp("gamma delta")]
    # pred 0 overlaps gold 0 best (1.0) and gold 1 at 0.5; pred 1 equals gold 1.
    preds = [sp("alpha beta"), sp("gamma delta")]
    preds_swapped_order = [sp("alpha beta gamma delta"), sp("alpha beta")]
    assert sorted((m.gold, m.pred) for m in match_spans(TEXT, golds, preds)) == [(0, 0), (1, 1)]
    # pred 0 could take gold 0 (0.5) or gold 1 (0.5); pred 1 only gold 0 (1.0): both golds get matched.
    pairs = match_spans(TEXT, golds, preds_swapped_order)
    assert sorted((m.gold, m.pred) for m in pairs) == [(0, 1), (1, 0)]


def test_exact_matching_is_one_to_one_on_identical_offsets():
    golds = [(0, 5), (6, 10), (6, 10)]
    preds = [(6, 10), (0, 4), (6, 10), (6, 10)]
    pairs = match_exact(golds, preds)
    assert sorted((m.gold, m.pred) for m in pairs) == [(1, 0), (2, 2)]
