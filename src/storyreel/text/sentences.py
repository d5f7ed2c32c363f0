"""Sentence and clause splitting for English and Chinese, keeping character offsets.

Every span points back into the original story, so the storyboard can prove that each
sentence is narrated exactly once and in order.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from storyreel.text.language import is_cjk

# what someone says, in the quotation marks English and Chinese use
QUOTED = re.compile(r"“[^”]*”|\"[^\"\n]*\"|「[^」]*」|『[^』]*』")


def unquoted(text: str) -> str:
    """The text with what its people say blanked (same length, offsets kept)."""
    return QUOTED.sub(lambda match: " " * len(match[0]), text)


_TERMINATOR = re.compile(r"[.!?…。！？‼⁇⁈⁉]+[\"'”’」』）)\]》]*|\n")
_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "st",
        "jr",
        "sr",
        "prof",
        "vs",
        "etc",
        "e.g",
        "i.e",
        "mt",
        "ft",
        "no",
        "vol",
        "fig",
        "capt",
        "col",
        "gen",
        "lt",
        "sgt",
        "rev",
    ]
)
_MID_SENTENCE_END = re.compile(r"(?:[,;:，；：、]|—+|–)[\"'”’」』）)]*\s*$")
_CLAUSE_BREAK = re.compile(r"(?:[,;:，；：、]|—+|–|\s-\s)[\"'”’」』）)]*")
_WORD_BREAK = re.compile(r"\s+")
_NEXT_CHARACTER = re.compile(r"[ \t]*(\S)")
_LAST_WORD = re.compile(r"([A-Za-z.]+)$")
_LOOK_BACK = 64  # longer than any abbreviation; a longer word is none either way


@dataclass(frozen=True)
class TextSpan:
    """A piece of the story: story[start:end] == text."""

    start: int
    end: int
    text: str


def ends_mid_sentence(text: str) -> bool:
    """Whether a piece of narration stops at a clause (a comma, a semicolon, a dash), its
    sentence running on into the next piece: where a long sentence was split to fit a shot.
    A title or a heading, with no mark at all, stands alone."""
    return _MID_SENTENCE_END.search(text) is not None


def display_width(text: str) -> int:
    """Width in half-width units: CJK characters count two, everything else one."""
    return sum(2 if is_cjk(char) else 1 for char in text)


def _trimmed(story: str, start: int, end: int) -> TextSpan | None:
    while start < end and story[start].isspace():
        start += 1
    while end > start and story[end - 1].isspace():
        end -= 1
    if start == end:
        return None
    return TextSpan(start, end, story[start:end])


def _is_sentence_end(story: str, match: re.Match[str]) -> bool:
    token = match.group(0)
    if token == "\n":
        return True
    following = story[match.end() : match.end() + 1]
    if token[-1] in "\"'”’" and token[0] in "!?…":
        # '"Is anyone there?" he called.' goes on after the quote: one sentence.
        after = _NEXT_CHARACTER.match(story, match.end())
        if after is not None and after.group(1).islower():
            return False
    ascii_only = all(char in ".!?\"')]" for char in token)
    if ascii_only and following and not following.isspace() and not is_cjk(following):
        return False  # "3.14", "U.S.A", "e.g.x"
    if token.startswith(".") and token.rstrip("\"')]") == ".":
        # only the last few characters can hold an abbreviation: never re-read the story
        word_match = _LAST_WORD.search(story, max(0, match.start() - _LOOK_BACK), match.start())
        if word_match:
            word = word_match.group(1).lower().rstrip(".")
            if word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
                return False
    return True


def split_sentences(story: str) -> list[TextSpan]:
    """Split a story into sentences (English and Chinese punctuation, and line breaks)."""
    spans: list[TextSpan] = []
    start = 0
    for match in _TERMINATOR.finditer(story):
        if not _is_sentence_end(story, match):
            continue
        span = _trimmed(story, start, match.end())
        if span is not None:
            spans.append(span)
        start = match.end()
    tail = _trimmed(story, start, len(story))
    if tail is not None:
        spans.append(tail)
    return spans


def _pieces_at(span: TextSpan, pattern: re.Pattern[str], story: str) -> list[TextSpan]:
    pieces: list[TextSpan] = []
    start = span.start
    for match in pattern.finditer(story, span.start, span.end):
        piece = _trimmed(story, start, match.end())
        if piece is not None:
            pieces.append(piece)
        start = match.end()
    tail = _trimmed(story, start, span.end)
    if tail is not None:
        pieces.append(tail)
    return pieces


def _hard_split(span: TextSpan, story: str, max_width: int) -> list[TextSpan]:
    """Last resort for a clause wider than the limit: balanced cuts at spaces (or anywhere
    between CJK characters), each piece within the limit."""
    pieces: list[TextSpan] = []
    start = span.start
    while display_width(story[start : span.end]) > max_width:
        remaining = display_width(story[start : span.end])
        target = remaining / math.ceil(remaining / max_width)
        best_cut, best_width = -1, 0
        width = 0
        last_fitting = start + 1
        for position in range(start, span.end):
            width += display_width(story[position])
            if width > max_width:
                break
            last_fitting = position + 1
            cuttable = story[position].isspace() or is_cjk(story[position])
            if cuttable and (best_cut < 0 or abs(width - target) <= abs(best_width - target)):
                best_cut, best_width = position + 1, width
        if best_cut <= start:  # one unbroken word wider than the limit: cut inside it
            best_cut = last_fitting
        piece = _trimmed(story, start, best_cut)
        if piece is not None:
            pieces.append(piece)
        start = best_cut
    tail = _trimmed(story, start, span.end)
    if tail is not None:
        pieces.append(tail)
    return pieces


def split_to_width(span: TextSpan, story: str, max_width: int) -> list[TextSpan]:
    """Split a sentence at clause boundaries so each piece is at most max_width wide.

    Clauses are packed greedily, so pieces stay as long as the limit allows.
    """
    if display_width(span.text) <= max_width:
        return [span]
    clauses: list[TextSpan] = []
    for clause in _pieces_at(span, _CLAUSE_BREAK, story):
        if display_width(clause.text) <= max_width:
            clauses.append(clause)
        else:
            clauses.extend(_hard_split(clause, story, max_width))
    packed: list[TextSpan] = []
    for clause in clauses:
        if packed:
            merged = _trimmed(story, packed[-1].start, clause.end)
            if merged is not None and display_width(merged.text) <= max_width:
                packed[-1] = merged
                continue
        packed.append(clause)
    return packed
