"""Metric values on hand-made cases; every expected number is worked out in the comments."""

from __future__ import annotations

import math

import pytest

from eval.metrics import Counts, Labels, prf, reliability, stance_metrics, summarize, theme_metrics
from eval.score import score_article
from toolkit.schema import Article, Entity, Statement

LABELS = Labels.from_taxonomy()
FAVOR, AGAINST, NEUTRAL = LABELS.stances
SOV, ONE_CHINA, SECURITY, TRADE = LABELS.themes


def st(text: str, sub: str, **labels) -> Statement:
    start = text.index(sub)
    return Statement(start=start, end=start + len(sub), text=sub, **labels)


def article(text: str, statements: list[Statement]) -> Article:
    names = {s.speaker for s in statements if s.speaker}
    return Article(id="a", text=text, entities=[Entity(name=n) for n in sorted(names)], statements=statements)


def test_prf_and_zero_division():
    assert prf(2, 1, 1) == pytest.approx({"precision": 2 / 3, "recall": 2 / 3, "f1": 2 / 3})
    assert prf(0, 0, 0) == {"precision": 0.0, "recall": 0.0, "f1": 0.0}


def test_f_avg_averages_the_polar_stances():
    assert LABELS.f_avg == (FAVOR, AGAINST)


def test_stance_six_statements():
    gold = [FAVOR, FAVOR, FAVOR, AGAINST, AGAINST, NEUTRAL]
    pred = [FAVOR, FAVOR, AGAINST, AGAINST, NEUTRAL, NEUTRAL]
    m = stance_metrics(gold, pred, LABELS)
    # favor: tp 2, fp 0, fn 1 -> P 1, R 2/3, F1 0.8
    assert m["per_label"][FAVOR] == pytest.approx({"precision": 1.0, "recall": 2 / 3, "f1": 0.8, "support": 3})
    # against: tp 1, fp 1 (favor->against), fn 1 (against->neutral) -> 0.5 / 0.5 / 0.5
    assert m["per_label"][AGAINST]["f1"] == pytest.approx(0.5)
    # neutral: tp 1, fp 1, fn 0 -> P 0.5, R 1, F1 2/3
    assert m["per_label"][NEUTRAL]["precision"] == pytest.approx(0.5)
    assert m["per_label"][NEUTRAL]["f1"] == pytest.approx(2 / 3)
    assert m["accuracy"] == pytest.approx(4 / 6)
    assert m["macro_f1"] == pytest.approx((0.8 + 0.5 + 2 / 3) / 3)
    assert m["f_avg"] == pytest.approx((0.8 + 0.5) / 2)
    assert m["confusion"]["matrix"] == [[2, 1, 0], [0, 1, 1], [0, 0, 1]]
    assert m["unlabelled"] == 0


def test_missing_stance_prediction_is_a_miss_not_a_class():
    m = stance_metrics([FAVOR, FAVOR], [FAVOR, None], LABELS)
    assert m["accuracy"] == pytest.approx(0.5)
    assert m["per_label"][FAVOR] == pytest.approx({"precision": 1.0, "recall": 0.5, "f1": 2 / 3, "support": 2})
    assert m["unlabelled"] == 1 and m["confusion"]["matrix"][0] == [1, 0, 0]
    # only favor occurs: the others were never tested (F1 undefined), macro-F1 is favor's F1,
    # and F_avg counts the absent against class as 0
    assert math.isnan(m["per_label"][AGAINST]["f1"]) and math.isnan(m["per_label"][NEUTRAL]["f1"])
    assert m["macro_f1"] == pytest.approx(2 / 3)
    assert m["f_avg"] == pytest.approx(1 / 3)


def test_themes_micro_and_macro():
    gold = [{SOV}, {SOV, ONE_CHINA}, set(), {TRADE}]
    pred = [{SOV}, {SOV}, {TRADE}, {TRADE, SECURITY}]
    m = theme_metrics(gold, pred, LABELS)
    per = m["per_label"]
    assert per[SOV]["f1"] == 1.0 and per[SOV]["confusion"] == [[2, 0], [0, 2]]
    assert per[ONE_CHINA] == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 1, "confusion": [[3, 0], [1, 0]]}
    assert per[SECURITY]["f1"] == 0.0 and per[SECURITY]["confusion"] == [[3, 1], [0, 0]]
    assert per[TRADE]["precision"] == 0.5 and per[TRADE]["f1"] == pytest.approx(2 / 3)
    # micro: tp 3, fp 2, fn 1 -> P 3/5, R 3/4, F1 2/3
    assert m["micro"] == pytest.approx({"precision": 0.6, "recall": 0.75, "f1": 2 / 3})
    assert m["macro_f1"] == pytest.approx((1 + 0 + 0 + 2 / 3) / 4)
    assert m["n_pairs"] == 4


TEXT = (
    "China is ready to work with Laos, Wang said. Li said trade will grow fast. "
    "Tariffs are wrong, Chen said. Nothing more, he added."
)


def _gold() -> Article:
    return article(
        TEXT,
        [
            st(TEXT, "China is ready to work with Laos", speaker="Wang Yi", affiliation="China", stance=FAVOR),
            st(TEXT, "trade will grow fast", speaker="Li Wei", affiliation="China", themes=[TRADE], stance=FAVOR),
            st(TEXT, "Tariffs are wrong", speaker="Chen Bo", affiliation="Laos", themes=[TRADE], stance=AGAINST),
        ],
    )


def test_exact_span_f1_and_speaker_accuracy_end2end():
    pred = article(
        TEXT,
        [
            # exact span, speaker equal after case/space normalisation, all labels right
            st(TEXT, "China is ready to work with Laos", speaker=" wang  YI", affiliation="china", stance=FAVOR),
            # 4 of 4 gold tokens + "said" -> Jaccard 4/5: matched, not exact; wrong speaker
            st(TEXT, "said trade will grow fast", speaker="Chen Bo", affiliation="China", themes=[TRADE], stance=FAVOR),
            # a false positive
            st(TEXT, "Nothing more", speaker="Chen Bo", stance=NEUTRAL),
        ],
    )
    counts, pairs = score_article(_gold(), pred, "end2end", LABELS)
    s = summarize(counts)
    # Jaccard: 2 matched of 3 gold, 3 predicted -> P 2/3, R 2/3
    assert s["statements"]["f1"] == pytest.approx(2 / 3) and s["statements"]["matched"] == 2
    # exact: 1 of 3 and 3 -> P 1/3, R 1/3, F1 1/3
    assert s["statements"]["exact"] == pytest.approx({"matched": 1, "precision": 1 / 3, "recall": 1 / 3, "f1": 1 / 3})
    att = s["attribution"]
    assert att["speaker_accuracy"] == pytest.approx(1 / 2) and att["speaker_judged"] == 2
    assert att["affiliation_accuracy"] == 1.0
    # fully right: only the first statement, over 3 gold statements
    assert att["fully_right"] == 1 and att["fully_right_rate"] == pytest.approx(1 / 3)
    # labels are judged on matched pairs only: the missed "Tariffs" statement is not a stance error
    assert s["stance"]["n_pairs"] == 2 and s["stance"]["accuracy"] == 1.0
    assert s["themes"]["per_label"][TRADE]["confusion"] == [[1, 0], [0, 1]]


def test_spans_mode_judges_every_gold_statement():
    gold = _gold()
    pred = gold.model_copy(deep=True)
    pred.statements = pred.statements[:2]
    pred.statements[1] = pred.statements[1].model_copy(update={"stance": AGAINST})
    counts, pairs = score_article(gold, pred, "spans", LABELS)
    s = summarize(counts)
    assert len(pairs) == 2
    assert s["stance"]["n_pairs"] == 3 and s["stance"]["unlabelled"] == 1
    assert s["stance"]["accuracy"] == pytest.approx(1 / 3)
    assert s["attribution"]["speaker_accuracy"] == pytest.approx(2 / 3)
    assert s["themes"]["n_pairs"] == 3 and s["themes"]["per_label"][TRADE]["recall"] == 0.5


def test_counts_add_up():
    a = Counts(LABELS)
    a.add("n_gold", 2)
    b = Counts(LABELS)
    b.add("n_gold", 3)
    b.stance[0, 0] += 1
    total = a + b
    assert total["n_gold"] == 5 and total.stance[0, 0] == 1


def test_reliability_bins_and_ece():
    rel = reliability([0.95, 0.95, 0.15], [True, False, False])
    top, low = rel["bins"][9], rel["bins"][1]
    assert top["count"] == 2 and top["accuracy"] == 0.5 and top["confidence"] == pytest.approx(0.95)
    assert low["count"] == 1 and low["accuracy"] == 0.0
    # ECE = 2/3 * |0.5 - 0.95| + 1/3 * |0 - 0.15|
    assert rel["ece"] == pytest.approx(2 / 3 * 0.45 + 1 / 3 * 0.15)
