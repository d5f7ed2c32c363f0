"""Subtitles: cues, line wrapping (English and Chinese), SRT files and libass (ASS) files.

Narration may hold any characters. SRT carries the text verbatim. For ASS, the only
sequences libass would interpret are override blocks `{...}` and backslash escapes; we
escape exactly those, so the burned-in text renders exactly as written.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from storyreel.atomic import write_text_atomic
from storyreel.text.fonts import SUBTITLE_FONT_FAMILY
from storyreel.text.language import is_cjk
from storyreel.text.sentences import display_width
from storyreel.text.subtitle_layout import SUBTITLE_LINES, SubtitleLayout
from storyreel.text.words import chinese_words

_WORD_JOINER = "\u2060"  # zero-width, invisible: breaks "\N" into "\" + "N" for libass
# Closing punctuation must not start a line (Chinese line-breaking rules) ...
_NO_LINE_START = set("，。、；：？！）》」』”’,.;:?!)]}%…")
# ... opening punctuation must not end one ...
_NO_LINE_END = set("（《「『“‘([{")
# ... and a dash stays with the words before it (a line never starts with one alone).
_DASHES = set("—–-―")


@dataclass(frozen=True)
class SubtitleCue:
    """Text shown from start_s to end_s."""

    start_s: float
    end_s: float
    text: str  # lines separated by "\n"


def _glue(tokens: list[str]) -> list[str]:
    """Punctuation joins the word it belongs to: closing marks and dashes the one before,
    opening marks the one after. A line break then never strands one of them."""
    glued: list[str] = []
    opening = ""
    for token in tokens:
        bare = token.strip()
        if glued and bare and all(c in _NO_LINE_START or c in _DASHES for c in bare):
            if glued[-1].endswith(" ") and not all(c in _NO_LINE_START for c in bare):
                glued.append(token)  # a dash between spaced words ("then - there")
                continue
            glued[-1] += token
        elif bare and all(c in _NO_LINE_END for c in bare) and not token.endswith(" "):
            opening += token
        else:
            glued.append(opening + token)
            opening = ""
    if opening:
        glued.append(opening)
    # "word -" with the dash spaced: it rides with the word before it too
    merged: list[str] = []
    for token in glued:
        if merged and token.strip() and all(c in _DASHES for c in token.strip()):
            merged[-1] += token
        else:
            merged.append(token)
    return merged


def _tokens(text: str) -> list[str]:
    """Words (with their trailing space) for Latin text; words for Chinese, by jieba's
    dictionary; punctuation glued to its word."""
    tokens: list[str] = []
    word = ""
    run = ""  # Chinese characters waiting to be cut into words
    for char in text:
        if is_cjk(char):
            if word:
                tokens.append(word)
                word = ""
            run += char
            continue
        if run:
            tokens += chinese_words(run)
            run = ""
        if char.isspace():
            word += " "
            tokens.append(word)
            word = ""
        else:
            word += char
    if run:
        tokens += chinese_words(run)
    if word:
        tokens.append(word)
    return _glue([token for token in tokens if token])


def _is_orphan(line: list[str]) -> bool:
    """A line holding one Chinese character (punctuation aside)."""
    letters = [c for c in "".join(line) if is_cjk(c) and c not in _NO_LINE_START]
    return len(letters) == 1 and len("".join(line).strip()) <= 3


def wrap_lines(text: str, units_per_line: int) -> list[str]:
    """Greedy wrap to a width in half-width units, between words; no token is ever dropped
    or reordered. A line of one Chinese character takes a word from the line above."""
    lines: list[list[str]] = []
    current: list[str] = []
    for token in _tokens(" ".join(text.split())):
        candidate = "".join(current) + token
        if current and display_width(candidate.rstrip()) > units_per_line:
            lines.append(current)
            current = [token.lstrip()] if token.strip() else []
        else:
            current.append(token)
    if "".join(current).strip():
        lines.append(current)
    for index in range(len(lines) - 1, 0, -1):
        above, line = lines[index - 1], lines[index]
        if _is_orphan(line) and len(above) > 1 and not _is_orphan(above[:-1]):
            moved = [above[-1], *line]
            if display_width("".join(moved).rstrip()) <= units_per_line:
                lines[index - 1], lines[index] = above[:-1], moved
    return ["".join(line).rstrip() for line in lines] or [""]


def paginate(text: str, units_per_line: int, lines_per_page: int = SUBTITLE_LINES) -> list[str]:
    """Split text into pages of at most lines_per_page wrapped lines each."""
    lines = wrap_lines(text, units_per_line)
    return [
        "\n".join(lines[start : start + lines_per_page])
        for start in range(0, len(lines), lines_per_page)
    ]


def cues_for_speech(
    text: str, start_s: float, end_s: float, units_per_line: int
) -> list[SubtitleCue]:
    """Cues covering one narration, pages timed in proportion to their length."""
    pages = paginate(text, units_per_line)
    weights = [max(1, display_width(page)) for page in pages]
    total = sum(weights)
    cues: list[SubtitleCue] = []
    cursor = start_s
    for page, weight in zip(pages, weights):
        end = cursor + (end_s - start_s) * weight / total
        cues.append(SubtitleCue(cursor, end, page))
        cursor = end
    return cues


def _srt_time(seconds: float) -> str:
    millis = max(0, round(seconds * 1000))
    hours, millis = divmod(millis, 3_600_000)
    minutes, millis = divmod(millis, 60_000)
    secs, millis = divmod(millis, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d},{millis:03d}"


def srt_text(cues: list[SubtitleCue]) -> str:
    """SubRip text for cues; the text is written verbatim."""
    blocks = []
    for number, cue in enumerate(cues, start=1):
        body = "\n".join(line if line.strip() else "\u00a0" for line in cue.text.split("\n"))
        blocks.append(f"{number}\n{_srt_time(cue.start_s)} --> {_srt_time(cue.end_s)}\n{body}\n")
    return "\n".join(blocks)


def write_srt(cues: list[SubtitleCue], path: Path) -> None:
    """Write an SRT file atomically, UTF-8."""
    write_text_atomic(path, srt_text(cues))


def ass_escape(text: str) -> str:
    """Escape one line of text so libass draws it literally."""
    escaped = []
    for char in text:
        if char == "\\":
            escaped.append("\\" + _WORD_JOINER)
        elif char in "{}":
            escaped.append("\\" + char)
        elif char in "\r\n":
            escaped.append(" ")
        else:
            escaped.append(char)
    return "".join(escaped)


def _ass_time(seconds: float) -> str:
    centis = max(0, round(seconds * 100))
    hours, centis = divmod(centis, 360_000)
    minutes, centis = divmod(centis, 6000)
    secs, centis = divmod(centis, 100)
    return f"{hours}:{minutes:02d}:{secs:02d}.{centis:02d}"


def ass_text(
    cues: list[SubtitleCue], layout: SubtitleLayout, font_family: str = SUBTITLE_FONT_FAMILY
) -> str:
    """An ASS script drawing the cues bottom-centre with an outline, no automatic wrapping."""
    outline = max(1.0, layout.font_size / 14)
    header = (
        "[Script Info]\n"
        "ScriptType: v4.00+\n"
        f"PlayResX: {layout.width}\n"
        f"PlayResY: {layout.height}\n"
        "WrapStyle: 2\n"
        "ScaledBorderAndShadow: yes\n\n"
        "[V4+ Styles]\n"
        "Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, "
        "BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, "
        "BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding\n"
        f"Style: Default,{font_family},{layout.font_size},&H00FFFFFF,&H000000FF,&H00181818,"
        f"&H96000000,0,0,0,0,100,100,0,0,1,{outline:.1f},{outline / 2:.1f},2,"
        f"{layout.margin_h},{layout.margin_h},{layout.margin_v},1\n\n"
        "[Events]\n"
        "Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n"
    )
    events = [
        f"Dialogue: 0,{_ass_time(cue.start_s)},{_ass_time(cue.end_s)},Default,,0,0,0,,"
        + "\\N".join(ass_escape(line) for line in cue.text.split("\n"))
        for cue in cues
    ]
    return header + "\n".join(events) + "\n"
