import hashlib

from helpers import REPO, SEED_TEXT

SEED_SHA256 = "71abfc5b245b4aa3b76aa24c3e6dadbac365ea19b93d1d183fc0056b21314cdf"


def test_seed_article_is_present_and_unchanged():
    digest = hashlib.sha256(SEED_TEXT.read_bytes()).hexdigest()
    assert digest == SEED_SHA256


def test_guidelines_copy_has_a_decisions_log():
    text = (REPO / "docs" / "annotation-guidelines.md").read_text(encoding="utf-8")
    assert "## 6. Decisions log" in text
    assert text.count("\n- D") >= 10
