"""Speaker attribution: who said each statement, by canonical name, and for whom.

Three steps, in the order quotation-attribution systems use:

1. candidates: the mentions near a statement that could name its source
   (names, titles such as "the minister", pronouns, countries, groups);
2. a fine-tuned classifier scores each candidate with the statement in
   context (``models/attribution``; without one, the extractor's own subject
   mention wins);
3. in-document resolution maps the chosen mention to the fullest name in the
   article ("Wang" -> "Wang Yi", "he" -> the previous speaker, "the minister"
   -> the minister named earlier), and the affiliation comes from the
   article's own words ("Chinese Foreign Minister Wang Yi", "his Tajik
   counterpart") through the gazetteer in ``configs/gazetteer.yaml``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import yaml

from toolkit.extract import (
    DETERMINERS,
    PRONOUNS,
    STOP_WORDS,
    TITLE_WORDS,
    Extracted,
)
from toolkit.paths import config_path
from toolkit.schema import Entity, Statement
from toolkit.sentences import paragraphs, sentences

GROUP_WORDS = {"sides", "ministers", "leaders", "countries", "nations", "governments", "delegations", "officials"}
PERSON_PRONOUNS = {"he", "she", "him", "her"}
PLURAL_PRONOUNS = {"they", "we"}
MARK_OPEN, MARK_CLOSE = "<<", ">>"
CANDIDATE_WINDOW = 320  # characters around a statement in which its speaker is looked for
MAX_CANDIDATES = 4  # the nearest mentions to the cue; the extractor's subject is always among them
# How much more probable another candidate must be than the extractor's own subject
# mention to replace it. On dev the rules alone beat the scorer (speaker accuracy 0.977 vs 0.936
# argmax; 0.965 at margin 0.5), so only a near-certain scorer overrides them.
RULE_MARGIN = 0.9


# ---------------------------------------------------------------- gazetteer


@dataclass(frozen=True)
class Gazetteer:
    """Surface forms (names, adjectives, capitals, acronyms) -> canonical country or organisation."""

    forms: dict[str, str]
    countries: frozenset[str]
    pattern: re.Pattern

    def find(self, phrase: str, last: bool = False) -> str | None:
        """The first (or last) country or organisation named in a phrase."""
        found = list(self.pattern.finditer(phrase)) if last else [self.pattern.search(phrase)]
        return self.forms[found[-1].group()] if found and found[-1] else None

    def canonical(self, phrase: str) -> str | None:
        """The entry a whole phrase names ("Beijing" -> "China"), if it is one."""
        return self.forms.get(phrase.strip())


@lru_cache(maxsize=4)
def load_gazetteer(path: str | None = None) -> Gazetteer:
    with open(path or config_path("gazetteer.yaml"), encoding="utf-8") as f:
        data = yaml.safe_load(f)
    forms: dict[str, str] = {}
    for group in ("countries", "organisations"):
        for name, others in (data.get(group) or {}).items():
            for form in [name, *(others or [])]:
                forms.setdefault(str(form), str(name))
                forms.setdefault(str(form).replace("'", "’"), str(name))
    alternation = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    pattern = re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])")
    return Gazetteer(forms, frozenset(data.get("countries") or {}), pattern)


# ---------------------------------------------------------------- mentions


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    text: str
    kind: str  # pronoun | name | title | group


_NAME_WORD = r"[A-Z](?:[\w'’-]|\.(?=[A-Za-z]))*"
_NAME = re.compile(rf"{_NAME_WORD}(?:[ \t]+(?:(?:of|for|the|de|da|van|von|al|bin|and)[ \t]+)*{_NAME_WORD})*")
_PRONOUN = re.compile(r"\b(?:he|she|they|we|He|She|They|We)\b")
_TITLE = re.compile(
    r"\b(?:[Tt]he|[Bb]oth|[Aa]n?|[Hh]is|[Hh]er|[Tt]heir|[Ii]ts)\s+"
    r"(?:(?!(?:but|and|or|that|who|which|to|of|in|on|at|by|with)\b)(?![\w'’-]+ed\b)[\w'’-]+\s+){0,3}?"
    r"(?:" + "|".join(sorted(TITLE_WORDS | GROUP_WORDS, key=len, reverse=True)) + r")\b"
    r"(?:\s+(?:from|at|of|for)\s+(?:the\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*)?"
)
_NOT_NAMES = {w.capitalize() for w in STOP_WORDS | DETERMINERS | PRONOUNS} - {"Do"} | {
    "According", "In", "On", "At", "As", "For", "After", "Before", "During", "Asked", "But", "And", "Yet", "Still",
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January", "February", "March",
    "April", "May", "June", "July", "August", "September", "October", "November", "December", "It", "I",
}  # fmt: skip


ORG_WORDS = set(
    """semiconductor semiconductors bank institute council forum centre center association group corp corporation
    company capital securities ministry union alliance network analytics watch herald ledger service services agency
    foundation party committee microelectronics minerals electronics motors energy holdings industries partners
    fund trust press times post news journal review daily tribune gazette university college school academy office
    department commission authority board exchange federation chamber coalition initiative project programme program
    society league congress parliament assembly government administration embassy consulate mission airlines
    airways shipping logistics steel oil gas petroleum mining technologies technology systems solutions labs
    laboratories research consulting advisory media television radio broadcasting foods pharmaceuticals lab
    monitor observatory studies dynamics analytics insights intelligence partners associates""".split()
)


_ORG_AFTER_PREPOSITION = re.compile(
    r"\b(?:at|for|with|of|from)\s+(?:the\s+)?(?:[\w'’-]+-based\s+)?(?:[a-z]+\s+){0,2}?([A-Z][\w'’-]*(?:\s+(?:of|for|and|de|on)?\s*[A-Z][\w'’-]*)*)"
)
_GOVERNMENT_BODY = re.compile(r"\b(?:Ministry|Department|Foreign|Embassy|Office|Government|Mission|Affairs|Cabinet)\b")
_TITLE_RUN = re.compile(
    r"(?:(?:[A-Z][\w'’.-]*|of|the|for|and|[a-z]+person|spokes\w+|minister|secretary|counterpart|envoy|official|"
    r"ambassador|president|premier|adviser|chief|head|director|deputy|vice|senior|foreign|defence|defense|trade)"
    r"(?:,)?\s+)+$"
)


def _strip_based(name: str) -> str:
    """'Paris-based Institut Lumière' -> 'Institut Lumière'."""
    return re.sub(r"^[\w'’ ]+-based\s+", "", name)


def _title_base(word: str) -> str:
    return re.sub(r"['’]s$", "", word.lower()).split("-")[-1]


def is_organisation(phrase: str) -> bool:
    """Names of organisations end in (or hold) words such as Bank, Institute, Council."""
    words = [_title_base(w) for w in phrase.split()]
    return any(w in ORG_WORDS for w in words)


def mention_kind(phrase: str) -> str:
    low = phrase.lower().split()
    if len(low) == 1 and low[0] in PRONOUNS:
        return "pronoun"
    if low and low[-1] in GROUP_WORDS and (low[0] in {"the", "both", "two", "three", "all"} or low[0].isdigit()):
        return "group"
    if low and (low[0] in DETERMINERS or phrase[:1].islower()):
        return "title"
    return "name"


def find_mentions(text: str, lo: int, hi: int) -> list[Mention]:
    """Candidate source mentions in ``text[lo:hi]``: pronouns, title phrases, capitalised names."""
    found: list[Mention] = []
    for m in _TITLE.finditer(text, lo, hi):
        found.append(Mention(m.start(), m.end(), m.group(), mention_kind(m.group())))
    for m in _PRONOUN.finditer(text, lo, hi):
        found.append(Mention(m.start(), m.end(), m.group(), "pronoun"))
    for m in _NAME.finditer(text, lo, hi):
        words = m.group().split()
        while words and words[0] in _NOT_NAMES:
            words = words[1:]
        if not words:
            continue
        phrase = " ".join(words)
        start = m.end() - len(m.group()) + m.group().index(words[0])
        end = start + len(phrase) if text[start : start + len(phrase)] == phrase else m.end()
        found.append(Mention(start, end, text[start:end], "name"))
    found.sort(key=lambda x: (x.start, -(x.end - x.start)))
    kept: list[Mention] = []
    for mention in found:
        if kept and mention.start < kept[-1].end:
            continue  # the longer, earlier phrase wins ("the Chinese side" over "Chinese")
        kept.append(mention)
    return kept


def candidates_for(text: str, st: Extracted, window: int = CANDIDATE_WINDOW) -> list[Mention]:
    """The mentions that could name a statement's source, nearest to its cue first.

    The extractor's own subject mention is always among them.
    """
    lo = max(0, min(st.start, st.cue_start) - window)
    hi = min(len(text), max(st.end, st.cue_end) + window // 2)
    mentions = [m for m in find_mentions(text, lo, hi) if not (st.start <= m.start and m.end <= st.end)]
    if st.mention_start is not None and st.mention_end is not None:
        rule = Mention(st.mention_start, st.mention_end, text[st.mention_start : st.mention_end], "")
        rule = Mention(rule.start, rule.end, rule.text, mention_kind(rule.text))
        mentions = [m for m in mentions if m.end <= rule.start or m.start >= rule.end] + [rule]
    anchor = st.cue_start
    mentions.sort(key=lambda m: (m.start != st.mention_start, abs((m.start + m.end) // 2 - anchor)))
    return mentions[:MAX_CANDIDATES]  # the extractor's subject first, then the nearest to the cue


def span_overlap(a: tuple[int, int], b: tuple[int, int]) -> float:
    """Character overlap of two spans over their union (0 to 1)."""
    inter = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    union = max(a[1], b[1]) - min(a[0], b[0])
    return inter / union if union else 0.0


def scorer_input(text: str, st: Extracted | Statement, mention: Mention) -> tuple[str, None]:
    """What the scorer reads: the text around the statement's cue and the candidate,
    with the statement's edges marked by [ ] and the candidate by << >>.

    Attributions sit next to their cue, so a short window around the cue and the
    candidate carries the evidence; long statements are cut to keep inputs short.
    """
    cue_start = getattr(st, "cue_start", st.start)
    cue_end = getattr(st, "cue_end", st.start)
    marks = {st.start: " [ ", st.end: " ] ", mention.start: f" {MARK_OPEN} ", mention.end: f" {MARK_CLOSE} "}
    pieces = []
    for lo, hi in _windows([(cue_start, cue_end), (mention.start, mention.end)], len(text)):
        chunk, pos = [], lo
        for cut in sorted(p for p in marks if lo <= p <= hi):
            chunk.append(text[pos:cut] + marks[cut])
            pos = cut
        chunk.append(text[pos:hi])
        pieces.append("".join(chunk))
    return " ... ".join(" ".join(p.split()) for p in pieces), None


def _windows(spans: list[tuple[int, int]], length: int, pad: int = 70) -> list[tuple[int, int]]:
    """Windows of ``pad`` characters around each span, merged where they overlap."""
    out: list[tuple[int, int]] = []
    for lo, hi in sorted((max(0, a - pad), min(length, b + pad)) for a, b in spans):
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out


# ---------------------------------------------------------------- in-document resolution


@dataclass
class Person:
    name: str
    first_seen: int
    descriptors: list[str] = field(default_factory=list)
    positions: list[int] = field(default_factory=list)


class DocumentEntities:
    """The people an article names, with the words around each name, for resolution and affiliation."""

    def __init__(self, text: str, gazetteer: Gazetteer):
        self.text = text
        self.gazetteer = gazetteer
        self.people: list[Person] = []
        for sent in sentences(text):
            for m in _NAME.finditer(text, sent.start, sent.end):
                offset = m.start()
                for part in re.split(r"(\s+and\s+)", m.group()):  # 'President Xu and President Barreto'
                    if not re.fullmatch(r"\s+and\s+", part):
                        self._add_name(offset, part, sent.start, sent.end)
                    offset += len(part)

    def _add_name(self, start: int, phrase: str, s_lo: int, s_hi: int) -> None:
        words = phrase.split()
        # A title written before a name is capitalised ("External Affairs Minister Ashwin
        # Deshmane"): the name is what follows the last title word.
        titles = [i for i, w in enumerate(words) if _title_base(w) in TITLE_WORDS or w.lower() in {"of", "for", "the"}]
        name_words = words[titles[-1] + 1 :] if titles else words
        while name_words and name_words[0] in _NOT_NAMES:
            name_words = name_words[1:]
        if len(name_words) < 2 or len(name_words) > 4 or is_organisation(" ".join(name_words)):
            return
        if any(self.gazetteer.canonical(w) or w.lower() == "and" for w in name_words):
            return
        if self.gazetteer.canonical(" ".join(name_words)) or name_words[-1] in {"Islands", "Island", "Sea", "Strait"}:
            return
        name = " ".join(name_words)
        pos = self.text.find(name, start)
        descriptor = self.text[max(s_lo, pos - 80) : pos] + " | " + self._appositive(pos + len(name), s_hi)
        person = self.find_person(name)
        if person is None:
            person = Person(name, pos)
            self.people.append(person)
        elif len(name) > len(person.name) and person.name in name:
            person.name = name
        person.descriptors.append(descriptor)
        person.positions.append(pos)

    def _appositive(self, pos: int, s_hi: int) -> str:
        """', a spokesperson for China's Ministry of Commerce,' or ' of the X Institute' after a name."""
        rest = self.text[pos:s_hi]
        m = re.match(
            r",\s*((?:an?|the|his|her|their|its|who|[\w-]+['’]s|[a-z][\w-]*)\s[^,;]{3,140}?)(?:,|;|\s+said|$)", rest
        )
        if m:
            return m.group(1)
        m = re.match(r"\s+((?:of|at|from)\s+(?:the\s+)?[A-Z][^,;.]{2,80})", rest)
        return m.group(1) if m else ""

    def find_person(self, name: str) -> Person | None:
        tokens = name.split()
        for person in self.people:
            if all(t in person.name.split() for t in tokens):
                return person
        return None

    def affiliation_of(self, person: Person) -> str | None:
        """The country or organisation named in the words around a person's name.

        The most telling words win, over all of a person's mentions: an appositive
        ("Teo, an economist at Straits Meridian Bank"; "a spokesperson for China's
        Ministry of Commerce" -> China) or the title just before the name
        ("Hungarian Prime Minister"); then an organisation before the name; then
        any country in the clause before it; then the dateline's country.
        """
        split = [d.partition(" | ") for d in person.descriptors]
        clauses = [(re.split(r"(?<![A-Z])[.;:!?]|,\s+(?=[a-z])", before)[-1], after) for before, _, after in split]
        for clause, after in clauses:
            title = _TITLE_RUN.search(clause)
            found = self._government(title.group()) if title else None
            found = found or (self._in_appositive(after) if after else None)
            if found:
                return found
        for clause, _ in clauses:
            org = re.search(r"([A-Z][\w'’-]*(?:\s+(?:of|for|and|de|on)?\s*[A-Z][\w'’-]*)*)\s+\w*\s*$", clause)
            if org and is_organisation(org.group(1)):
                if _GOVERNMENT_BODY.search(org.group(1)):
                    return self._government(org.group(1))
                return _strip_based(org.group(1))
        for clause, _ in clauses[:1]:
            found = self.gazetteer.find(clause[-60:], last=True)
            if found:
                return found
        return self.home_country or self.main_country

    def _government(self, title: str) -> str | None:
        """The country a title or government body names ('Hungarian Prime Minister',
        'US Commerce Department'); a body named for a subject ('Taiwan Affairs Office')
        belongs to the home country of the article."""
        if re.search(r"\b(?:embassy|mission|consulate)\b", title, re.I):
            return self.gazetteer.find(title)  # 'the Chinese embassy in Berlin' speaks for China
        possessive = re.search(r"([A-Z][\w ]*?)['’]s\b", title)
        if possessive and self.gazetteer.canonical(possessive.group(1)):
            return self.gazetteer.canonical(possessive.group(1))  # "Rwanda's UN ambassador"
        found = self.gazetteer.find(title, last=True)
        if found is None and _GOVERNMENT_BODY.search(title):
            return self.home_country
        return found

    def _in_appositive(self, after: str) -> str | None:
        possessive = re.search(r"([A-Z][\w ]*?)['’]s\b", after)
        if possessive and self.gazetteer.canonical(possessive.group(1)):
            return self.gazetteer.canonical(possessive.group(1))
        org = _ORG_AFTER_PREPOSITION.search(after)
        if org:
            name = org.group(1)
            if self.gazetteer.canonical(name):
                return self.gazetteer.canonical(name)  # 'a spokesperson for the European Commission'
            country = self.gazetteer.find(name)
            if _GOVERNMENT_BODY.search(name):
                return self._government(name)  # 'a spokesperson for the Foreign Ministry of Japan'
            if country and not is_organisation(name):
                return country
            if is_organisation(name):
                return _strip_based(name)  # 'an economist at Straits Meridian Bank'
        return self.gazetteer.find(after)

    @property
    def main_country(self) -> str | None:
        """The country the article names most often: a last resort for an unplaced spokesperson."""
        counts: dict[str, int] = {}
        for m in self.gazetteer.pattern.finditer(self.text):
            name = self.gazetteer.forms[m.group()]
            if name in self.gazetteer.countries:
                counts[name] = counts.get(name, 0) + 1
        return max(counts, key=counts.get) if counts else None

    @property
    def home_country(self) -> str | None:
        """The country of the dateline ('BEIJING, March 3 —'), where a briefing takes place."""
        for para in paragraphs(self.text)[:3]:
            m = re.match(r"([A-Z][A-Z .'’-]+?),", self.text[para.start : para.end])
            if m:
                return self.gazetteer.canonical(m.group(1).title())
        return None

    def nearest_person_before(self, pos: int) -> Person | None:
        best, best_pos = None, -1
        for person in self.people:
            for p in person.positions:
                if best_pos < p < pos:
                    best, best_pos = person, p
        return best

    def person_with_title(self, head: str, pos: int, country: str | None = None) -> Person | None:
        """The most recent person before ``pos`` whose descriptors use the title word
        (and who speaks for ``country``, for 'the Russian minister')."""
        best, best_pos = None, -1
        for person in self.people:
            if country and self.affiliation_of(person) != country:
                continue
            if any(re.search(rf"\b{re.escape(head)}\b", d, re.I) for d in person.descriptors):
                for p in person.positions:
                    if best_pos < p < pos:
                        best, best_pos = person, p
        if best is None and country:
            return self.person_with_title(head, pos)
        return best

    def organisation(self, phrase: str, pos: int) -> Resolved | None:
        """An organisation speaking as itself, by its fullest name in the article before ``pos``."""
        words = _strip_determiner(phrase).split()
        head_at = next((i for i, w in enumerate(words) if w.lower() in {"in", "to"}), len(words))
        head = _title_base(words[head_at - 1]) if head_at else ""
        if head not in ORG_WORDS | {"guard", "embassy", "ministry", "government"}:
            return None
        full = _strip_determiner(phrase)
        if len(words) <= 2 and not any(w[:1].isupper() for w in words):  # 'the embassy': find it named earlier
            place = r"(?:\s+(?:in|to)\s+(?:the\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*)?"
            head_word = re.escape(words[-1])
            pattern = rf"(?:[A-Z][\w'’-]*\s+)+(?i:{head_word}){place}"
            earlier = list(re.finditer(pattern, self.text[:pos]))
            named = [m.group() for m in earlier if m.group()[:1].isupper()]
            if named:
                full = _strip_determiner(named[-1])
        full = (
            full[0].upper() + full[1:]
            if full[:1].islower() and _title_base(full.split()[0]) not in TITLE_WORDS
            else full
        )
        if _GOVERNMENT_BODY.search(full) or head in {"government", "embassy", "guard", "ministry"}:
            return Resolved(full, self._government(full))
        return Resolved(full, self.gazetteer.canonical(full) or _strip_based(full))

    def group_name(self, phrase: str) -> str:
        """One name per article for the sources speaking together (D19): 'the two sides' when
        the article uses it, else its first 'the two ...' phrase, else the phrase itself."""
        if re.search(r"\bthe two sides\b", self.text, re.I):
            return "the two sides"
        speaking = GROUP_WORDS - {"countries", "nations"}
        first = re.search(r"\b[Tt]he two (?:[a-z]+ )?(?:" + "|".join(speaking) + r")\b", self.text)
        best = first.group() if first else phrase
        return best[0].lower() + best[1:] if best.lower().startswith(("the ", "both ")) else best


@dataclass
class Resolved:
    speaker: str
    affiliation: str | None


def _strip_determiner(phrase: str) -> str:
    return re.sub(r"^(?:the|The)\s+", "", phrase)


def resolve(mention: Mention, entities: DocumentEntities, previous: list[Resolved], gazetteer: Gazetteer) -> Resolved:
    """The canonical speaker and affiliation a mention stands for, read from the article."""
    phrase = mention.text.strip()
    low = phrase.lower()
    kind = mention.kind or mention_kind(phrase)
    country = gazetteer.canonical(_strip_determiner(phrase))
    if country is not None and kind != "pronoun":
        return Resolved(country, country)  # 'The Philippines welcomed ...', 'Manila said ...'
    last_person = next((r for r in reversed(previous) if entities.find_person(r.speaker)), None)
    if kind == "pronoun":
        if low in PLURAL_PRONOUNS and previous:
            group = next((r for r in reversed(previous[-3:]) if r.affiliation == "multiple"), None)
            return group or previous[-1]
        if low == "it" and previous:
            return next((r for r in reversed(previous) if not entities.find_person(r.speaker)), previous[-1])
        if last_person is not None:
            return last_person
        person = entities.nearest_person_before(mention.start)
        if person is not None:
            return Resolved(person.name, entities.affiliation_of(person))
        return previous[-1] if previous else Resolved(phrase, None)
    if kind == "title" and low.split()[0] in {"a", "an"}:
        description = phrase[0].lower() + phrase[1:]  # 'a reporter from Reuters'
        return Resolved(description, _org_in(phrase) or gazetteer.find(phrase))
    person = _person_in(phrase, entities) if kind in ("name", "title") else None
    if person is not None:
        return Resolved(person.name, entities.affiliation_of(person))  # 'coast guard spokesperson Shen Kaiwen'
    body = entities.organisation(phrase, mention.start) if kind in ("name", "title") else None
    if body is not None:
        return body  # 'the Chinese embassy in Berlin', 'the embassy'
    if kind == "group":
        return Resolved(entities.group_name(phrase), "multiple")
    person = _person_in(phrase, entities)
    if kind == "name" and person is not None:
        return Resolved(person.name, entities.affiliation_of(person))
    if _GOVERNMENT_BODY.search(phrase) and kind in ("name", "title") and not re.match(r"(?i)an?\s", phrase):
        return Resolved(_strip_determiner(phrase), entities._government(phrase))  # 'the Ministry of Commerce'
    if kind == "title":
        head = _title_base(low.split()[-1])
        if low in {"the country", "the nation", "the government"} and previous:
            for r in reversed(previous):
                if r.affiliation and r.speaker == r.affiliation:
                    return r
        if re.search(r"\b(?:from|at|of|for)\b", low) or low.split()[0] in {"a", "an"}:
            description = phrase[0].lower() + phrase[1:]  # 'a reporter from Reuters'
            return Resolved(description, _org_in(phrase) or gazetteer.find(phrase))
        person = entities.person_with_title(head, mention.start, gazetteer.find(phrase))
        if person is not None:
            return Resolved(person.name, entities.affiliation_of(person))
        if last_person is not None:
            return last_person
    affiliation = gazetteer.find(phrase) or _org_in(phrase) or (phrase if kind == "name" else None)
    return Resolved(_strip_determiner(phrase) if kind != "name" else phrase, affiliation)


def _person_in(phrase: str, entities: DocumentEntities) -> Person | None:
    """The person a name mention names, titles and all ('Pakistani Interior Minister Farhan Qureshi')."""
    words = phrase.split()
    for i in range(len(words)):
        tail = words[i:]
        if all(_title_base(w) not in TITLE_WORDS for w in tail):
            person = entities.find_person(" ".join(tail))
            if person is not None:
                return person
    return None


def _org_in(phrase: str) -> str | None:
    """The organisation in 'a reporter from Taiwan's Central News Agency' -> 'Central News Agency'."""
    m = re.search(
        r"\b(?:from|at|of|for|with)\s+(?:the\s+)?(?:[A-Z][\w-]*['’]s\s+)?([A-Z][\w'’-]*(?:\s+(?:of\s+)?[A-Z][\w'’-]*)*)",
        phrase,
    )
    return m.group(1) if m else None


# ---------------------------------------------------------------- the attributor


class Attributor:
    """Chooses each statement's speaker mention (scored by a classifier when one is loaded) and resolves it."""

    def __init__(self, scorer=None, gazetteer: Gazetteer | None = None, rule_margin: float = RULE_MARGIN):
        self.scorer = scorer
        self.gazetteer = gazetteer or load_gazetteer()
        self.rule_margin = rule_margin

    @classmethod
    def load(cls, folder: str | Path | None) -> Attributor:
        """With a trained scorer folder, or ``None`` for the rules alone."""
        if folder is None:
            return cls()
        from toolkit.classify import StatementClassifier

        return cls(scorer=StatementClassifier.load(folder))

    def choose(self, text: str, extracted: Sequence[Extracted]) -> list[tuple[Mention | None, float | None]]:
        """The chosen mention of every statement, with the scorer's probability."""
        candidates = [candidates_for(text, st) for st in extracted]
        if self.scorer is None:
            return [(_rule_choice(text, st, c), None) for st, c in zip(extracted, candidates, strict=True)]
        flat = [scorer_input(text, st, m) for st, cands in zip(extracted, candidates, strict=True) for m in cands]
        probs = self.scorer.predict_proba(flat)[:, self.scorer.labels.index("speaker")] if flat else np.zeros(0)
        chosen, k = [], 0
        for st, cands in zip(extracted, candidates, strict=True):
            if not cands:
                chosen.append((None, None))
                continue
            p = probs[k : k + len(cands)]
            k += len(cands)
            best = int(np.argmax(p))
            rule = next((i for i, c in enumerate(cands) if c.start == st.mention_start), None)
            if rule is not None and p[best] - p[rule] <= self.rule_margin:
                best = rule  # the extractor's subject stands unless the scorer clearly prefers another
            chosen.append((cands[best], float(p[best])))
        return chosen

    def attribute(self, text: str, extracted: Sequence[Extracted]) -> tuple[list[Statement], list[Entity]]:
        """Statements with speaker, mention and affiliation; the entities list of the article."""
        entities = DocumentEntities(text, self.gazetteer)
        resolved: list[Resolved] = []
        statements: list[Statement] = []
        aliases: dict[str, list[str]] = {}
        affiliation_of: dict[str, str | None] = {}
        for st, (mention, score) in zip(extracted, self.choose(text, extracted), strict=True):
            if mention is None:
                r = resolved[-1] if resolved else Resolved("unknown", None)
            else:
                r = resolve(mention, entities, resolved, self.gazetteer)
            resolved.append(r)
            affiliation_of.setdefault(r.speaker, r.affiliation)
            if mention is not None and mention.kind != "pronoun":
                seen = aliases.setdefault(r.speaker, [])
                if mention.text != r.speaker and mention.text not in seen:
                    seen.append(mention.text)
            aliases.setdefault(r.speaker, [])
            statements.append(
                Statement(
                    start=st.start, end=st.end, text=text[st.start : st.end], kind=st.kind, cue=st.cue,
                    speaker=r.speaker, speaker_mention=mention.text if mention else None,
                    affiliation=r.affiliation, speaker_score=None if score is None else round(score, 4),
                )
            )  # fmt: skip
        entity_list = [Entity(name=n, affiliation=affiliation_of[n], aliases=a) for n, a in aliases.items()]
        return statements, entity_list


def _rule_choice(text: str, st: Extracted, candidates: list[Mention]) -> Mention | None:
    """Without a scorer: the extractor's subject mention, else the nearest candidate."""
    if st.mention_start is not None and st.mention_end is not None:
        phrase = text[st.mention_start : st.mention_end]
        return Mention(st.mention_start, st.mention_end, phrase, mention_kind(phrase))
    return candidates[0] if candidates else None
