"""Red-flag words in free text: which flags a note or an ache quality mentions.

``mentions(text)`` reads the phrases of ``redflag_words`` in each clause of the
text.  A clause ends at a full stop, a question mark, a semicolon, a new line, a
comma, a dash or a bracket, and at "but", "though"…; a comma that only continues
a list of symptom words does not end it ("no numbness, tingling or swelling").
In its clause, a phrase is

- denied, and dropped, when a negation comes before it ("no numbness", "not
  swollen") with no "and …" between them that starts another statement, or a
  word such as "gone" after it;
- only a suggestion when the clause carries doubt ("maybe", "I think", "not
  sure") or its sentence ends in a question mark;
- otherwise plain: a phrase of ``SAYS`` then raises its flag.

Doubt wins over negation: "hope it's not a stress fracture" is asked about.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from stridelight.core.redflag_words import (
    CLAUSE_BREAKS,
    GROUPS,
    HEDGES,
    LIST_WORDS,
    NEGATIONS,
    NEGATIONS_AFTER,
    NOT_NEGATIONS,
    REWRITES,
    SAYS,
    SUGGESTS,
)
from stridelight.core.vocabulary import RED_FLAG_IDS, RedFlagId

_WORD = re.compile(r"[a-z0-9]+(?:['’‘`][a-z0-9]+)*|&")
_APOSTROPHES = re.compile(r"['’‘`]")
_SENTENCE_END = re.compile(r"[.!?;:\n]")
_CLAUSE_END = re.compile(r"[,()\[\]—–]| - ")
#: After a negation, these words start another statement unless a symptom word
#: follows them: "didn't stretch and toes numb" denies nothing about the toes.
_NEW_STATEMENT = frozenset({
    "and", "so", "then", "because", "since", "after", "when", "while", "now",
    "until", "before",
})  # fmt: skip


@dataclass(frozen=True)
class Mention:
    """One red flag a text speaks of: plainly (``sure``) or as a suggestion."""

    flag: RedFlagId
    sure: bool
    words: str  # the clause as written, for the runner to recognise


@dataclass(frozen=True)
class _Token:
    word: str
    start: int
    end: int


@dataclass(frozen=True)
class _Clause:
    tokens: tuple[_Token, ...]
    question: bool

    @property
    def words(self) -> tuple[str, ...]:
        return tuple(t.word for t in self.tokens)


# One pattern item: the words it accepts, and whether other words may come before it.
_Item = tuple[frozenset[str], bool]


@dataclass(frozen=True)
class _Pattern:
    flag: RedFlagId
    sure: bool
    items: tuple[_Item, ...]


def compile_pattern(pattern: str) -> tuple[_Item, ...]:
    """``"cannot bear|put … weight"`` as items; a bad pattern is a ValueError."""
    items: list[_Item] = []
    gap = False
    for part in pattern.split():
        if part == "…":
            if not items:
                raise ValueError(f"{pattern!r} must start with a word")
            gap = True
            continue
        words: list[str] = []
        for word in part.split("|"):
            group = word[1:-1] if word.startswith("<") and word.endswith(">") else None
            words.extend(GROUPS[group].split("|") if group else [word])
        if not all(re.fullmatch(r"[a-z0-9]+", w) for w in words):
            raise ValueError(f"{pattern!r}: {part!r} is not lower-case words")
        items.append((frozenset(words), gap))
        gap = False
    if not items or gap:
        raise ValueError(f"{pattern!r} must start and end with a word")
    return tuple(items)


def _patterns(
    table: Mapping[RedFlagId, Sequence[str]], sure: bool
) -> tuple[_Pattern, ...]:
    return tuple(
        _Pattern(flag, sure, compile_pattern(p))
        for flag in RED_FLAG_IDS
        for p in table.get(flag, ())
    )


def _single_words(patterns: Sequence[_Pattern]) -> frozenset[str]:
    return frozenset(
        word for p in patterns if len(p.items) == 1 for word in p.items[0][0]
    )


def _longest_first(rewrites: Mapping[str, str]) -> list[tuple[tuple[str, ...], str]]:
    """So that "not able to" is read before "not"."""
    pairs = [(tuple(k.split()), v) for k, v in rewrites.items()]
    return sorted(pairs, key=lambda pair: len(pair[0]), reverse=True)


PATTERNS = (*_patterns(SAYS, True), *_patterns(SUGGESTS, False))
#: Words that alone are a phrase.
SYMPTOM_WORDS = _single_words(PATTERNS)
_REWRITES = _longest_first(REWRITES)
#: What a list after a comma may hold: "no swelling, red or hot" is one clause.
_LISTED = (
    SYMPTOM_WORDS | LIST_WORDS | {w for g in GROUPS.values() for w in g.split("|")}
)


def mentions(text: str) -> tuple[Mention, ...]:
    """Every flag the text speaks of, one per flag: plainly if any clause says it."""
    found: dict[RedFlagId, Mention] = {}
    for clause in _clauses(text):
        for mention in _in_clause(clause, text):
            known = found.get(mention.flag)
            if known is None or (mention.sure and not known.sure):
                found[mention.flag] = mention
    return tuple(found[f] for f in RED_FLAG_IDS if f in found)


# --- clauses ----------------------------------------------------------------------


def _tokens(text: str) -> list[tuple[_Token, str]]:
    """Each word, rewritten (can't → cannot), with the text before it."""
    lowered = text.lower()
    raw: list[tuple[_Token, str]] = []
    end = 0
    for m in _WORD.finditer(lowered):
        word = _APOSTROPHES.sub("", m.group())
        raw.append((_Token(word, m.start(), m.end()), lowered[end : m.start()]))
        end = m.end()
    return _rewrite(raw)


def _rewrite(raw: list[tuple[_Token, str]]) -> list[tuple[_Token, str]]:
    out: list[tuple[_Token, str]] = []
    i = 0
    while i < len(raw):
        for words, into in _REWRITES:
            if tuple(t.word for t, _ in raw[i : i + len(words)]) == words:
                first, last = raw[i][0], raw[i + len(words) - 1][0]
                out.append((_Token(into, first.start, last.end), raw[i][1]))
                i += len(words)
                break
        else:
            out.append(raw[i])
            i += 1
    return out


def _clauses(text: str) -> Iterator[_Clause]:
    tokens = _tokens(text)
    trailing = text[tokens[-1][0].end :] if tokens else ""
    sentence: list[list[_Token]] = [[]]
    for i, (token, before) in enumerate(tokens):
        if _SENTENCE_END.search(before):
            yield from _sentence(sentence, "?" in before)
            sentence = [[]]
        elif _CLAUSE_END.search(before) and not _continues_list(tokens, i):
            sentence.append([])
        if token.word in CLAUSE_BREAKS:
            sentence.append([])
            continue
        sentence[-1].append(token)
    yield from _sentence(sentence, "?" in trailing)


def _continues_list(tokens: list[tuple[_Token, str]], start: int) -> bool:
    """Whether the words from ``start`` to the next break are a list of symptoms."""
    for i in range(start, len(tokens)):
        token, before = tokens[i]
        if i > start and (_SENTENCE_END.search(before) or _CLAUSE_END.search(before)):
            break
        if token.word not in _LISTED:
            return False
    return True


def _sentence(parts: list[list[_Token]], question: bool) -> Iterator[_Clause]:
    for part in parts:
        if part:
            yield _Clause(tuple(part), question)


# --- phrases in a clause -----------------------------------------------------------


def _in_clause(clause: _Clause, text: str) -> Iterator[Mention]:
    words = clause.words
    doubt = clause.question or any(w in HEDGES for w in words)
    start, end = clause.tokens[0].start, clause.tokens[-1].end
    as_written = text[start : end + 1 if text[end : end + 1] == "?" else end]
    for pattern in PATTERNS:
        span = _find(pattern.items, words)
        if span is None:
            continue
        if _denied(words, *span) and not doubt:
            continue
        yield Mention(pattern.flag, pattern.sure and not doubt, as_written)


def _find(items: tuple[_Item, ...], words: tuple[str, ...]) -> tuple[int, int] | None:
    """(first, last) index of the first place the items match, or None."""
    for i, word in enumerate(words):
        if word in items[0][0]:
            last = _rest(items, 1, words, i)
            if last is not None:
                return i, last
    return None


def _rest(
    items: tuple[_Item, ...], k: int, words: tuple[str, ...], prev: int
) -> int | None:
    if k == len(items):
        return prev
    accepted, gap = items[k]
    for j in range(prev + 1, len(words) if gap else min(prev + 2, len(words))):
        if words[j] in accepted:
            last = _rest(items, k + 1, words, j)
            if last is not None:
                return last
    return None


def _denied(words: tuple[str, ...], first: int, last: int) -> bool:
    if any(w in NEGATIONS_AFTER for w in words[last + 1 :]):
        return True
    for i in range(first - 1, -1, -1):
        following = words[i + 1]
        if words[i] in NEGATIONS and (words[i], following) not in NOT_NEGATIONS:
            return True
        if words[i] in _NEW_STATEMENT and following not in SYMPTOM_WORDS:
            return False
    return False
