# ruff: noqa: E501  (a table of cases reads best one case a line)
"""Statement extraction: each reporting pattern of the guidelines in its own small case."""

import pytest

from toolkit.extract import extract_statements


def spans(text: str) -> list[tuple[str, str, str | None, str]]:
    return [(text[s.start : s.end], s.cue, s.mention, s.kind) for s in extract_statements(text)]


BODY = "Talks In Beijing\n\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # direct quotations: straight, curly and angle marks
        ('"We will never accept it," she said.', [("We will never accept it", "said", "she", "direct")]),
        ("“We will never accept it,” Ruiz said.", [("We will never accept it", "said", "Ruiz", "direct")]),
        ("«We will never accept it», Ruiz said.", [("We will never accept it", "said", "Ruiz", "direct")]),
        # inverted attribution with an appositive
        (
            '"The request will go on the agenda," said Ingrid Halvorsen, a WTO official, in Geneva.',
            [("The request will go on the agenda", "said", "Ingrid Halvorsen", "direct")],
        ),
        # a quotation over several sentences
        (
            "“These controls abuse the concept of security. They are protectionism,” said Qiao Mingde.",
            [("These controls abuse the concept of security. They are protectionism", "said", "Qiao Mingde", "direct")],
        ),
        # a quotation split by its attribution (D3)
        (
            '"We will," he said, "never accept it."',
            [('We will," he said, "never accept it', "said", "he", "direct")],
        ),
        # reported speech, before and after the attribution
        ("Wang said that China is ready to work with Laos.", [("China is ready to work with Laos", "said", "Wang", "indirect")]),
        ("China is ready to work with Laos, Wang said.", [("China is ready to work with Laos", "said", "Wang", "indirect")]),
        ("According to Wang, ties have come a long way.", [("ties have come a long way", "According to", "Wang", "indirect")]),
        ("Ties have come a long way, according to Wang.", [("Ties have come a long way", "according to", "Wang", "indirect")]),
        # object cues
        ("Wang called on them to enhance their security cooperation.", [("to enhance their security cooperation", "called on", "Wang", "indirect")]),
        ("Kovac urged Japan to lift the ban.", [("to lift the ban", "urged", "Kovac", "indirect")]),
        ("Muhriddin expressed his gratitude to China for its help.", [("gratitude to China for its help", "expressed", "Muhriddin", "indirect")]),
        ("China firmly opposes the new tariffs.", [("the new tariffs", "opposes", "China", "indirect")]),
        # an attribution interrupting the content
        (
            "Tajikistan, he said, is strongly committed to the one-China principle.",
            [("Tajikistan, he said, is strongly committed to the one-China principle", "said", "he", "indirect")],
        ),
        # an aside between speaker and cue
        ("Li, who took office in May, said the talks were useful.", [("the talks were useful", "said", "Li", "indirect")]),
        # two cues in one sentence
        (
            "Ties go well beyond the region, Muhriddin said, noting that Tajikistan is prepared to help.",
            [("Ties go well beyond the region", "said", "Muhriddin", "indirect"),
             ("Tajikistan is prepared to help", "noting", "Muhriddin", "indirect")],
        ),
        (
            "The minister welcomed the agreement but urged governments to cut paperwork.",
            [("the agreement", "welcomed", "The minister", "indirect"),
             ("to cut paperwork", "urged", "The minister", "indirect")],
        ),
        # a mixed statement keeps its inner quotation marks
        ('He said the talks were "candid and productive".', [('the talks were "candid and productive"', "said", "He", "mixed")]),
        # attribution before a colon, and after a dash
        ('Park told reporters on Tuesday: "We will respond."', [("We will respond", "told", "Park", "direct")]),
        (
            "There will be no new talks this year — Deputy Minister Olga Sarkis said on Monday.",
            [("There will be no new talks this year", "said", "Deputy Minister Olga Sarkis", "indirect")],
        ),
        # D8: a reporter's question
        ("A reporter from Reuters asked whether China would send an envoy.", [("whether China would send an envoy", "asked", "A reporter from Reuters", "indirect")]),
        # what is not a statement
        ("There was a meeting between the two presidents in February.", []),
        ("At the end of the talks, the two sides signed cooperation documents.", []),
        ("Member states had resisted the plan for months.", []),
    ],
)  # fmt: skip
def test_pattern(text, expected):
    assert spans(BODY + text) == expected


def test_headline_and_dateline_are_not_content():
    text = (
        "China Says Ready To Work With Laos\n\n"
        "VIENTIANE, March 4 — Ties are strong, the minister said.\n\n"
        "Photo: the two ministers shake hands, an aide said."
    )
    assert spans(text) == [("Ties are strong", "said", "the minister", "indirect")]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\n  ",
        "No one spoke today.",
        "El ministro dijo que las relaciones son buenas.",
        'He said "oops',
        '" " ”“ «',
    ],
)
def test_odd_input_gives_statements_or_nothing_never_an_error(text):
    found = extract_statements(text)
    for st in found:
        assert 0 <= st.start < st.end <= len(text)


def test_unbalanced_quotation_runs_to_paragraph_end():
    text = BODY + "Ruiz said: “We will not back down and we will not apologise.\n\nNext paragraph."
    assert spans(text) == [("We will not back down and we will not apologise", "said", "Ruiz", "direct")]


def test_long_article_is_processed_whole():
    paragraph = "China is ready to deepen trade with Laos, Wang said. The weather was mild.\n\n"
    text = BODY + paragraph * 1400
    assert len(text) > 100_000
    found = extract_statements(text)
    assert len(found) == 1400
    assert (
        found[-1].end > 99_000 and text[found[-1].start : found[-1].end] == "China is ready to deepen trade with Laos"
    )
