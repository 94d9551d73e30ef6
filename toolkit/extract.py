"""Statement extraction: article text -> content spans with their kind, cue and speaker mention.

Reported speech in diplomatic news follows a few shapes, which rules find
precisely (the annotation guidelines fix every boundary, so exact spans
matter more than recall of exotic forms):

* ``CONTENT, Wang said.`` / ``"CONTENT," said Wang.`` / ``CONTENT — Wang said.``
* ``Wang said (on Monday) (that) CONTENT.`` / ``Wang told reporters: "CONTENT."``
* ``According to Wang, CONTENT.`` / ``CONTENT, according to Wang.``
* ``FIRST, he said, REST.`` (the attribution stays inside the span)
* ``Wang urged Japan to CONTENT`` / ``Wang expressed support for CONTENT``
* chains: ``..., Wang said, noting that CONTENT2`` / ``Wang welcomed A and urged B to CONTENT2``

Quotations are found first and masked, so commas and verbs inside them never
look like attributions; sentences never split inside a quotation. The cue
lexicon lives in ``configs/cues.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import yaml

from toolkit.paths import config_path
from toolkit.sentences import paragraphs, sentences

OPEN_TO_CLOSE = {"“": "”", "«": "»", "„": "“"}
MASK = "§"


@dataclass(frozen=True)
class Extracted:
    """One statement found in a text, with where its cue and speaker mention are."""

    start: int
    end: int
    kind: str
    cue: str
    cue_start: int
    cue_end: int
    mention: str | None
    mention_start: int | None
    mention_end: int | None


@dataclass(frozen=True)
class Lexicon:
    clause: frozenset[str]
    object_to: frozenset[str]
    objects: frozenset[str]
    pattern: re.Pattern

    @property
    def all_forms(self) -> frozenset[str]:
        return self.clause | self.object_to | self.objects


@lru_cache(maxsize=4)
def load_lexicon(path: str | None = None) -> Lexicon:
    """The cue forms of ``configs/cues.yaml``, compiled into one longest-first pattern."""
    with open(path or config_path("cues.yaml"), encoding="utf-8") as f:
        data = yaml.safe_load(f)
    groups = {k: frozenset(form for forms in (data.get(k) or {}).values() for form in forms) for k in data}
    forms = sorted(groups["clause"] | groups["object_to"] | groups["object"] | {"according to"}, key=len, reverse=True)
    alternation = "|".join(re.escape(f).replace(r"\ ", r"\s+") for f in forms)
    pattern = re.compile(rf"(?<![\w'’-])(?:{alternation}|According\s+to)(?![\w'’-])")
    return Lexicon(groups["clause"], groups["object_to"], groups["object"], pattern)


# ---------------------------------------------------------------- quotations


def find_quotes(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``(open, close)`` offsets of the quotation marks in ``text[start:end]`` (one paragraph).

    Straight quotes pair in order; a curly or angle quotation left open runs to the
    end of the paragraph (news style for a quotation continued in the next one);
    a stray closing mark is ignored.
    """
    quotes: list[tuple[int, int]] = []
    i = start
    while i < end:
        ch = text[i]
        if ch == '"':
            j = text.find('"', i + 1, end)
            if j < 0:
                quotes.append((i, end))
                break
            quotes.append((i, j))
            i = j + 1
            continue
        if ch in OPEN_TO_CLOSE:
            j = text.find(OPEN_TO_CLOSE[ch], i + 1, end)
            quotes.append((i, j if j >= 0 else end))
            i = (j if j >= 0 else end) + 1
            continue
        i += 1
    return quotes


def mask_quotes(text: str, quotes: list[tuple[int, int]]) -> str:
    """The text with quotation interiors replaced by a mask character (offsets unchanged).

    A final ``.``/``,``/``?``/``!`` inside the marks is kept so sentence ends stay visible.
    """
    chars = list(text)
    for q_open, q_close in quotes:
        last = q_close - 1
        keep = last if last > q_open and text[last] in ".,?!" else -1
        for k in range(q_open + 1, min(q_close, len(chars))):
            if k != keep and not chars[k].isspace():
                chars[k] = MASK
    return "".join(chars)


# ---------------------------------------------------------------- speaker phrases

PRONOUNS = {"he", "she", "they", "we", "i", "it"}
DETERMINERS = {"the", "a", "an", "both", "his", "her", "their", "its", "each", "two", "several", "some", "many"}
NUMBERS = {"two", "three", "four", "five", "several", "both", "many", "some"}
CONNECTORS = {"of", "for", "from", "at", "and", "de", "da", "van", "von", "al", "bin", "the", "on", "in", "to", "with"}
TITLE_WORDS = set(
    """spokesperson spokesman spokeswoman spokespeople minister ministers president premier official officials
    ambassador envoy counterpart counterparts analyst analysts reporter reporters correspondent director secretary
    chief head leader leaders chairman chairwoman chair deputy lawmaker lawmakers senator adviser advisor general
    commander economist professor researcher fellow executive ministry government side sides delegation country
    countries nation nations foreign defence defense trade commerce economy finance interior state deputies
    spokespersons vice prime first senior former top military army navy opposition party parliament council
    member members statement communique communiqué declaration report readout office embassy consul consulate
    campaigner activist activists expert experts diplomat diplomats negotiator negotiators group bloc union
    organisation organization company firm bank institute agency association federation coalition commission
    presidency administration authorities authority cabinet mission representative representatives delegate
    delegates host hosts journalist journalists observer observers critic critics scholar scholars source
    sources people leadership department bureau staff chamber industry manufacturers exporters importers
    producers farmers workers union unions candidate governor mayor king queen prince emir sheikh sultan
    chancellor speaker coordinator commissioner high representative special junior assistant acting
    national regional local international chief executive officer ceo cfo founder partner strategist
    economists strategists lawyer lawyers judge court prosecutor police guard coast navy air force forces
    ministers' officials' nations' joint sides' two three four five colonel commodore admiral major captain
    lieutenant brigadier marshal rear commander-in-chief""".split()
)
STOP_WORDS = set(
    """that which who whom whose is are was were be been being will would shall should can could may might must
    has have had do does did not no nor but if when while because although though as so than then there here
    this these those what why how where said says say told added""".split()
)
ADVERBS = set(
    """also further later then again firmly strongly repeatedly once earlier separately similarly likewise
    publicly privately openly bluntly sharply flatly explicitly clearly specifically notably additionally
    moreover however meanwhile today yesterday tonight has have had was were is are would will had already
    previously recently subsequently finally herself himself themselves itself too all jointly both""".split()
)
WEEKDAYS = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}
_WORD = re.compile(r"[\w'’.-]+")


def _is_speaker_phrase(words: list[str]) -> bool:
    """Whether a word sequence can name a source: a pronoun, a name, or a title phrase.

    A phrase is a determiner at most, then modifiers, ending in a capitalised word
    or a title noun ("ASEAN economic ministers", "the vice-minister", "a reporter
    from Reuters"); clause words ("that", "was") never occur in one.
    """
    if not words or len(words) > 12:
        return False
    low = [w.lower().strip(".") for w in words]
    if len(words) == 1:
        return low[0] in PRONOUNS or (words[0][0].isupper() and low[0] not in STOP_WORDS | DETERMINERS)
    if low[0] in PRONOUNS or any(lw in STOP_WORDS or lw in PRONOUNS for lw in low):
        return False
    if any(lw in DETERMINERS - NUMBERS for lw in low[1:]) and not any(lw in CONNECTORS for lw in low[1:]):
        return False

    def is_head(w: str, lw: str) -> bool:
        base = re.sub(r"['’]s$", "", lw).split("-")[-1]
        return w[0].isupper() or w[0].isdigit() or base in TITLE_WORDS

    if low[0] in CONNECTORS - {"the"} or low[-1] in CONNECTORS or not is_head(words[-1], low[-1]):
        return False
    # Before a connector ("a reporter from Reuters"), the phrase must already have a head.
    for i, lw in enumerate(low):
        if lw in CONNECTORS and 0 < i and not any(is_head(w, x) for w, x in zip(words[:i], low[:i], strict=True)):
            return False
    return True


def _speaker_suffix(masked: str, lo: int, hi: int) -> tuple[int, int] | None:
    """The longest speaker phrase that ends the region ``masked[lo:hi]`` (adverbs dropped)."""
    words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(masked, lo, hi)]
    while words and (words[-1][2].lower() in ADVERBS or words[-1][2] in WEEKDAYS):
        words.pop()
        if words and words[-1][2] == "on":
            words.pop()
    if not words or MASK in masked[words[0][0] : words[-1][1]]:
        return None
    for i in range(len(words)):
        if _is_speaker_phrase([w for _, _, w in words[i:]]):
            return words[i][0], words[-1][1]
    return None


_ASIDE_START = r"(?:who|whose|which|[Tt]he|an?|[\w'’-]+['’]s|[a-z]+ing|[a-z]+ed|in|at|on|for)\b"


def _name_words(phrase: str) -> int:
    """How many words of a phrase look like a proper name (capitalised, not a title word)."""
    return sum(1 for w in phrase.split() if w[:1].isupper() and w.lower().strip("’'s") not in TITLE_WORDS)


def _speaker_prefix(masked: str, lo: int, hi: int) -> tuple[int, int] | None:
    """The longest speaker phrase that opens ``masked[lo:hi]``."""
    words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(masked, lo, hi)]
    for j in range(min(len(words), 8), 0, -1):
        if _is_speaker_phrase([w for _, _, w in words[:j]]):
            return words[0][0], words[j - 1][1]
    return None


# ---------------------------------------------------------------- anchors


@dataclass
class Anchor:
    """A cue with its speaker mention, and which side of it the content lies on."""

    cue_start: int
    cue_end: int
    mention: tuple[int, int] | None
    direction: str = "forward"  # forward | backward | around
    chained: bool = False
    left: int = 0  # where the attribution clause begins (its separator), for the content before it
    right: int = 0  # where the attribution clause ends


SEPARATORS = ",;:—–("
_TRAILING_ADJUNCT = re.compile(
    r"^(?:\s*(?:on|in|at|during|after|before|to\s+(?:reporters|journalists|the\s+\w+|[A-Z]\w*)|with|from|via|"
    r"over|while|when|as|earlier|later|last|this|late|outside|inside|near|ahead|following|through|by|shortly|"
    r"today|yesterday|tonight|(?:on\s+)?(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|reporters|journalists)\b[^,;:§“\"]*?)?"
    r"\s*[.!?]?[\"”’»)]*\s*$"
)
_LEAD_IN = re.compile(
    r"^\s*(?:(?:on|in|at|during|after|before|via|over|late|earlier|later|last|this|in\s+a|at\s+a|during\s+a)\b"
    r"[^,:§“\"]{0,80}?)?,?\s*(?:that\s+|:\s*)",
    re.I,
)
_TELL_OBJECT = re.compile(
    r"^\s*(?:reporters|journalists|lawmakers|delegates|parliament|"
    r"(?:a|an|the|his|her|their)\s+(?:[\w'’-]+\s+){0,4}?(?:press|media|audience|conference|briefing|meeting|"
    r"parliament|assembly|council|summit|forum|committee|gathering|crowd|delegates|reporters|journalists|"
    r"lawmakers|session|hearing|event|interviewer|counterpart|visitors|guests|newspaper|broadcaster|"
    r"agency|radio|television|channel)|"
    r"[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*|(?:him|her|them|us|me))\b"
)
ACCUSE_CUES = {"accused", "accuses", "accusing"}
TELL_CUES = {"told", "tells", "telling", "informed", "informs", "briefed", "assured", "assures", "assuring"}
_TIME_START = re.compile(
    r"^\s*(?:(?:on|last|this|late|early|earlier)\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|"
    r"week|month|year|night|morning|afternoon|evening)\b(?:\s+(?:morning|afternoon|evening|night))?\s*,?\s*"
)
_APPOSITIVE_TAIL = re.compile(r"^(?:\s*,[^,;§“\"”]+)+\s*[.!?]?\s*$")
_CHAIN = re.compile(r"(?:,\s*|\s+and\s+|\s+but\s+|\s+while\s+)$")


def _left_boundary(masked: str, lo: int, pos: int) -> int:
    """Start of the clause that ends at ``pos``: after the last separator, or the sentence start."""
    k = pos - 1
    while k >= lo:
        if masked[k] in SEPARATORS:
            return k + 1
        if masked[k] in '”"»' and k > lo:
            return k + 1
        k -= 1
    return lo


def find_anchors(masked: str, lo: int, hi: int, lexicon: Lexicon) -> list[Anchor]:
    """Every cue in the sentence ``masked[lo:hi]`` that has a speaker (or continues a chain)."""
    anchors: list[Anchor] = []
    for m in lexicon.pattern.finditer(masked, lo, hi):
        cue = re.sub(r"\s+", " ", m.group()).lower()
        cs, ce = m.start(), m.end()
        if cue == "according to":
            after = re.match(r"\s*([^,;.]+?)\s*(?=[,;.]|$)", masked[ce:hi])
            if after:
                ms = ce + after.start(1)
                me = ce + after.end(1)
                words = masked[ms:me].split()
                if _is_speaker_phrase(words):
                    at_start = masked[lo:cs].strip() == ""
                    anchors.append(Anchor(cs, ce, (ms, me), "forward" if at_start else "backward", left=cs, right=me))
            continue
        before = masked[lo:cs]
        if _CHAIN.search(before) and cue.endswith("ing") or re.search(r"\s+(?:and|but)\s+$", before):
            chain_start = lo + _CHAIN.search(before).start() if _CHAIN.search(before) else cs
            if anchors:
                anchors.append(Anchor(cs, ce, None, "forward", chained=True, left=chain_start, right=ce))
            else:
                # 'The spokesperson declined to comment, saying ...': the speaker opens the sentence.
                subject = _speaker_prefix(masked, lo, chain_start)
                if subject:
                    anchors.append(Anchor(cs, ce, subject, "forward", left=chain_start, right=ce))
            continue
        # Inverted: '..., said Wang.' / '"...," said the minister on Monday.'
        sep = before.rstrip()
        if sep.endswith((",", "—", "–")) or re.search(r"[,?!][\"”’»]$", sep):
            inv = re.match(r"\s+([^,;:.§]+?)\s*(?:[,.;]|$)", masked[ce:hi])
            if inv:
                tail = masked[ce + inv.end(1) : hi]
                words = masked[ce + inv.start(1) : ce + inv.end(1)].split()
                if (_TRAILING_ADJUNCT.match(tail) or _APPOSITIVE_TAIL.match(tail)) and _is_speaker_phrase(words):
                    mention = (ce + inv.start(1), ce + inv.end(1))
                    anchors.append(Anchor(cs, ce, mention, "backward", left=lo + len(sep) - 1, right=hi))
                    continue
        region_lo = _left_boundary(masked, lo, cs)
        if masked[region_lo:cs].strip() == "" and region_lo > lo:
            # 'Li, who took office in May, said ...': skip the aside, take the phrase before it.
            span = _subject_before_aside(masked, lo, region_lo - 1)
            if span is None:
                continue
        else:
            span = _speaker_suffix(masked, region_lo, cs)
        if span is None:
            continue
        anchors.append(Anchor(cs, ce, span, "forward", left=span[0], right=ce))
    return anchors


def _subject_before_aside(masked: str, lo: int, comma: int) -> tuple[int, int] | None:
    """The speaker of 'Li, who took office in May, said' / 'the minister, Hung Yi-chen, said'.

    ``comma`` is the comma just before the cue. Relative clauses may hold commas of
    their own ('..., which represents makers in Japan, the Netherlands and the US,'),
    so segments are walked back to the one that opens with 'who' or 'which'.
    """
    segments = []  # (start, end) of comma-separated segments, last first
    end = comma
    for _ in range(5):
        start = _left_boundary(masked, lo, end)
        segments.append((start, end))
        if start <= lo or masked[start - 1] != ",":
            break
        end = start - 1
    phrases = [_speaker_suffix(masked, s_lo, s_hi) for s_lo, s_hi in segments]
    texts = [masked[p[0] : p[1]] if p else "" for p in phrases]
    start = 0
    for i, (s_lo, s_hi) in enumerate(segments[:-1]):
        if re.match(r"\s*(?:who|whose|which)\b", masked[s_lo:s_hi]):
            start = i + 1  # the subject is before the relative clause
            break
    # Prefer the segment that holds a person's name: 'Farah, head of research at X, a bank, said'.
    for i in range(start, len(segments)):
        if phrases[i] and _has_name(texts[i]):
            return phrases[i]
        if i > start and not re.match(_ASIDE_START, masked[segments[i - 1][0] : segments[i - 1][1]].strip()):
            break
    if start < len(segments) and phrases[start]:
        if start + 1 < len(segments) and phrases[start + 1]:
            if re.match(_ASIDE_START, masked[segments[start][0] : segments[start][1]].strip()):
                return phrases[start + 1]  # 'Li, who took office in May, said'
        return phrases[start]  # "Taiwan's deputy foreign minister, Hung Yi-chen, said"
    return phrases[start + 1] if start + 1 < len(segments) else None


def _has_name(phrase: str) -> bool:
    """Whether a phrase ends in a person-like name ('Senior Colonel Tian Jiarui')."""
    words = phrase.split()
    if not words or not words[0][:1].isupper() or any(w.lower() in CONNECTORS for w in words):
        return False  # a description: 'a senior fellow at the X Forum in New Delhi'
    tail = 0
    for w in reversed(words):
        if w[:1].isupper() and w.lower() not in TITLE_WORDS and w.lower() not in CONNECTORS:
            tail += 1
        else:
            break
    return tail >= 2 or (tail == 1 and len(words) == 1)


def _looks_like_name(phrase: str) -> bool:
    """A person's name: two to four capitalised words, none a title or connector."""
    words = phrase.split()
    return 1 <= len(words) <= 4 and all(
        w[:1].isupper() and w.lower() not in TITLE_WORDS and w.lower() not in CONNECTORS for w in words
    )


# ---------------------------------------------------------------- content spans


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop edge whitespace, the joining comma/full stop and a leading 'that'."""
    while start < end and (text[start].isspace() or text[start] in ",;:—–"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:.—–"):
        end -= 1
    m = re.match(
        r"that\s+(?!(?:was|is|were|are|would|will|has|had|could|should|may|might|must|can)\b)", text[start:end]
    )
    if m:
        start += m.end()
    return start, end


def _strip_quotes(text: str, start: int, end: int, quotes: list[tuple[int, int]]) -> tuple[int, int, str]:
    """Decide the kind; for a direct quotation drop its outer marks and closing punctuation."""
    inside = [q for q in quotes if q[0] >= start and q[0] < end]
    if not inside:
        return start, end, "indirect"
    first, last = inside[0], inside[-1]
    starts_quoted = first[0] == start
    ends_quoted = last[1] >= end - 1 and (last[1] == end - 1 or last[1] >= len(text) or text[end - 1] in '”"»')
    if starts_quoted and (ends_quoted or last[1] >= end):
        s, e = start + 1, min(end, last[1])
        if e == end and text[e - 1] in '”"»':
            e -= 1
        while e > s and (text[e - 1] in ",.;:" or text[e - 1].isspace()):
            e -= 1
        return s, e, "direct"
    return start, end, "mixed"


def _forward_start(masked: str, anchor: Anchor, lexicon: Lexicon, cue: str, end: int) -> int:
    """Where the content begins after a cue: past an addressee, an adjunct, 'that' or a colon."""
    pos = anchor.cue_end
    if cue == "according to" and anchor.mention:
        aside = re.match(
            r"\s*,\s*(?:(?:for|on)\s+(?:his|her|their|its)\s+part|in\s+(?:his|her|their|its)\s+view)?",
            masked[anchor.mention[1] : end],
        )
        return anchor.mention[1] + (aside.end() if aside else 0)
    if cue in TELL_CUES:
        m = _TELL_OBJECT.match(masked[pos:end])
        if m:
            pos += m.end()
    if cue in ACCUSE_CUES:
        of = re.search(r"\bof\s+", masked[pos:end])
        if of and len(masked[pos : pos + of.start()].split()) <= 8:
            return pos + of.end()
    lead = _LEAD_IN.match(masked[pos:end])
    if lead and MASK not in lead.group():
        return pos + lead.end()
    if cue in lexicon.object_to:
        to = re.search(r"\bto\s+\w", masked[pos:end])
        if to and MASK not in masked[pos : pos + to.start()] and len(masked[pos : pos + to.start()].split()) <= 8:
            return pos + to.start()
    if cue in lexicon.objects:
        m = re.match(r"\s*(?:his|her|their|its|our|my)\s+", masked[pos:end])
        if m:
            return pos + m.end()
    m = _TIME_START.match(masked[pos:end])
    if m and m.end() > 0:
        pos += m.end()
    m = re.match(r"\s*,?\s*(?:that\s+)?", masked[pos:end])
    return pos + (m.end() if m else 0)


def extract_statements(text: str, lexicon: Lexicon | None = None) -> list[Extracted]:
    """Every statement of an article, in text order. Never raises on odd input."""
    lexicon = lexicon or load_lexicon()
    blocks = [p for i, p in enumerate(paragraphs(text)) if not _is_headline(text[p.start : p.end], i)]
    quotes_of = [find_quotes(text, p.start, p.end) for p in blocks]
    masked = mask_quotes(text, [q for qs in quotes_of for q in qs])  # once: offsets stay those of ``text``
    out: list[Extracted] = []
    for para, quotes in zip(blocks, quotes_of, strict=True):
        for sent in sentences(masked, para.start, para.end):
            lo = _skip_dateline(text, sent.start, sent.end)
            out.extend(_sentence_statements(text, masked, lo, sent.end, quotes, lexicon))
    return out


def _sentence_statements(
    text: str, masked: str, lo: int, hi: int, quotes: list[tuple[int, int]], lexicon: Lexicon
) -> list[Extracted]:
    """The statements of one sentence: each anchor takes the content before or after it."""
    anchors = _outermost(masked, lo, hi, find_anchors(masked, lo, hi, lexicon))
    results: list[Extracted] = []
    claimed = lo  # text before this point belongs to an earlier statement or attribution
    for i, a in enumerate(anchors):
        nxt = anchors[i + 1] if i + 1 < len(anchors) else None
        if nxt is None:
            region_end = hi
        elif nxt.chained or nxt.mention is None:
            region_end = nxt.left
        else:
            region_end = max(a.cue_end, _left_boundary(masked, lo, nxt.left) - 1)
        mention_sep = _left_boundary(masked, lo, a.mention[0]) - 1 if a.mention else lo - 1
        has_before = not a.chained and mention_sep >= lo and masked[claimed:mention_sep].strip(" ,—–") != ""
        if a.direction == "backward":
            start, end = claimed, a.left
        elif has_before and _nothing_after(masked, a, region_end):
            start, end = claimed, mention_sep
        elif has_before and _continues(masked, a, region_end, lexicon):
            start, end = claimed, region_end
        else:
            cue = re.sub(r"\s+", " ", masked[a.cue_start : a.cue_end]).lower()
            start, end = _forward_start(masked, a, lexicon, cue, region_end), region_end
        claimed = max(claimed, end, a.cue_end)
        start, end = _trim(text, start, end)
        if end <= start or not re.search(r"\w", text[start:end]):
            continue
        start, end, kind = _strip_quotes(text, start, end, quotes)
        if kind != "direct":
            start, end = _trim(text, start, end)
        if end <= start:
            continue
        mention = a.mention
        if mention is None and results:
            mention = (results[-1].mention_start, results[-1].mention_end)
        ms, me = mention if mention and mention[0] is not None else (None, None)
        cue_text = re.sub(r"\s+", " ", text[a.cue_start : a.cue_end])
        results.append(
            Extracted(
                start, end, kind, cue_text, a.cue_start, a.cue_end,
                text[ms:me] if ms is not None else None, ms, me,
            )
        )  # fmt: skip
    return results


def _outermost(masked: str, lo: int, hi: int, anchors: list[Anchor]) -> list[Anchor]:
    """Drop cues that sit inside another statement's content.

    'Wang said China welcomes the plan' is one statement: a cue whose speaker
    follows an earlier cue with no clause break between them is reported
    content; so is everything before a cue that closes the sentence
    ('China supports X, Wang said'). Chained cues follow the fate of the cue they chain to.
    """
    kept: list[Anchor] = []
    for a in anchors:
        if a.chained:
            if kept and kept[-1] is not None:
                kept.append(a)
            continue
        if kept and a.mention and a.direction != "backward":
            prev = next((k for k in reversed(kept) if k is not None), None)
            if prev is not None and _left_boundary(masked, lo, a.mention[0]) <= prev.cue_end:
                kept.append(None)  # nested: its chained cues go too
                continue
        kept.append(a)
    kept = [k for k in kept if k is not None]
    for i in range(len(kept) - 1, -1, -1):
        a = kept[i]
        sep = _left_boundary(masked, lo, a.mention[0]) - 1 if a.mention else lo - 1
        closes = a.direction == "backward" or (
            not a.chained and sep >= lo and _nothing_after(masked, a, _chain_or_end(kept, i, hi))
        )
        if closes and i > 0 and not any(k.chained for k in kept[:i]) and all(k.cue_start < sep for k in kept[:i]):
            return kept[i:]
    return kept


def _chain_or_end(anchors: list[Anchor], i: int, hi: int) -> int:
    """Where the clause after anchor ``i`` ends: at the next cue, or the sentence end."""
    return anchors[i + 1].left if i + 1 < len(anchors) else hi


def _nothing_after(masked: str, anchor: Anchor, region_end: int) -> bool:
    """A cue closing its sentence ('..., Wang said on Monday.') reports what came before."""
    pos = anchor.cue_end
    if re.sub(r"\s+", " ", masked[anchor.cue_start : anchor.cue_end]).lower() in TELL_CUES:
        m = _TELL_OBJECT.match(masked[pos:region_end])
        pos += m.end() if m else 0
    return bool(_TRAILING_ADJUNCT.match(masked[pos:region_end]))


def _continues(masked: str, anchor: Anchor, region_end: int, lexicon: Lexicon) -> bool:
    """'FIRST, he said, REST.': the content goes on after a comma that closes the attribution."""
    rest = masked[anchor.cue_end : region_end]
    m = re.match(r"[^,]{0,60}?,\s*(?=[\w“\"§])", rest)
    if not m or "that " in rest[: m.end()]:
        return False
    first_word = rest[m.end() :].split(" ", 1)[0].strip('“"').lower()
    return first_word not in lexicon.all_forms


_HEADLINE_SMALL = {"a", "an", "the", "of", "on", "in", "to", "for", "and", "or", "at", "by", "with", "as", "vs"}


def _is_headline(paragraph: str, index: int) -> bool:
    """Title-case lines and short unpunctuated lines at the top, and photo captions."""
    stripped = paragraph.strip()
    if re.match(r"^\(?(?:photo|file photo|caption|picture)\b", stripped, re.I):
        return True
    words = re.findall(r"[A-Za-z][\w'’-]*", stripped)
    if not words:
        return True
    content = [w for w in words if w.lower() not in _HEADLINE_SMALL]
    title_case = content and sum(w[0].isupper() for w in content) / len(content) >= 0.8 and len(words) >= 3
    no_stop = not re.search(r"[.!?][\"”’]?$", stripped)
    return bool(title_case) or (index == 0 and no_stop and len(words) < 25)


_DATELINE = re.compile(
    r"^[A-Z][A-Z .'’-]+(?:,\s+[A-Z][\w.]*\s+\d{1,2}(?:,\s+\d{4})?)?\s*(?:\([^)]{1,40}\))?\s*[—–-]+\s*"
)


def _skip_dateline(text: str, start: int, end: int) -> int:
    """Past a leading dateline ('GENEVA, March 4 —'), which is never content."""
    m = _DATELINE.match(text[start:end])
    return start + m.end() if m else start
