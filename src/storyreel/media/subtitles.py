"""Subtitles: cues, line wrapping (English and Chinese), SRT files and libass (ASS) files.

Narration may hold any characters. SRT carries the text verbatim. For ASS, the only
sequences libass would interpret are override blocks `{...}` and backslash escapes; we
escape exactly those, so the burned-in text renders exactly as written.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from storyreel.atomic import write_text_atomic
from storyreel.contract import SubtitlePreset
from storyreel.media.audio import SpeechClock
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
    """Text shown from start_s to end_s; `words`: when each of its words is said (one
    (start, end) per token of `cue_words(text)`), empty when not known."""

    start_s: float
    end_s: float
    text: str  # lines separated by "\n"
    words: tuple[tuple[float, float], ...] = ()

    def shifted(self, offset_s: float, length_s: float) -> SubtitleCue:
        """This cue in the time of a piece of video starting at offset_s (clipped to it)."""

        def local(t: float) -> float:
            return min(length_s, max(0.0, t - offset_s))

        return SubtitleCue(
            local(self.start_s),
            local(self.end_s),
            self.text,
            tuple((local(a), local(b)) for a, b in self.words),
        )


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


def cue_words(text: str) -> list[list[str]]:
    """The words of a cue's text, line by line, as drawn (each with its punctuation and
    trailing space)."""
    return [_tokens(line) for line in text.split("\n")]


def _weight(token: str) -> int:
    return max(1, display_width(token.strip()))


def cues_for_speech(
    text: str,
    start_s: float,
    end_s: float,
    units_per_line: int,
    clock: SpeechClock | None = None,
) -> list[SubtitleCue]:
    """Cues covering one narration, shown from start_s to end_s, each with the times of
    its words. `clock` says how far into the speech each share of the text is said (from
    the voice's own pauses); without one, the text is spread evenly over the whole span."""
    pages = paginate(text, units_per_line)
    tokens = [[t for line in cue_words(page) for t in line] for page in pages]
    total = sum(_weight(t) for page in tokens for t in page) or 1
    said = clock or (lambda share: share * (end_s - start_s))

    def at(done: int) -> float:
        # the first words show as the narration starts (a voice's onset may be soft)
        return start_s if done == 0 else min(end_s, start_s + said(done / total))

    cues: list[SubtitleCue] = []
    done = 0
    for number, (page, words) in enumerate(zip(pages, tokens)):
        begin = at(done)
        times = []
        for token in words:
            times.append(at(done))
            done += _weight(token)
        page_end = end_s if number == len(pages) - 1 else at(done)
        spans = tuple(zip(times, [*times[1:], page_end]))
        cues.append(SubtitleCue(begin, page_end, page, spans))
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


def ass_time(seconds: float) -> str:
    """A time as ASS writes it: h:mm:ss.cc (centiseconds)."""
    centis = max(0, round(seconds * 100))
    hours, centis = divmod(centis, 360_000)
    minutes, centis = divmod(centis, 6000)
    secs, centis = divmod(centis, 100)
    return f"{hours}:{minutes:02d}:{secs:02d}.{centis:02d}"


def _ass_colour(hex_rgb: str, alpha: int = 0) -> str:
    """'#RRGGBB' as ASS's &HAABBGGRR."""
    red, green, blue = hex_rgb[1:3], hex_rgb[3:5], hex_rgb[5:7]
    return f"&H{alpha:02X}{blue}{green}{red}".upper()


def _style_line(layout: SubtitleLayout, font_family: str) -> str:
    """The ASS style of a layout's preset: outline, drop shadow or a box behind the text."""
    size = layout.font_size
    preset = layout.style.preset
    if preset is SubtitlePreset.BOX:  # BorderStyle 4 (libass): one box behind the event
        border, outline, shadow = 4, max(2.0, size / 6), 0.0
        outline_colour, back = "&H00101010", "&H50101010"
    elif preset is SubtitlePreset.SHADOW:
        border, outline, shadow = 1, 0.0, max(1.5, size / 10)
        outline_colour, back = "&H00181818", "&H40000000"
    else:
        border, outline, shadow = 1, max(1.0, size / 14), max(1.0, size / 14) / 2
        outline_colour, back = "&H00181818", "&H96000000"
    return (
        f"Style: Default,{font_family},{size},&H00FFFFFF,&H000000FF,{outline_colour},"
        f"{back},0,0,0,0,100,100,0,0,{border},{outline:.1f},{shadow:.1f},{layout.alignment},"
        f"{layout.margin_h},{layout.margin_h},{layout.margin_v},1"
    )


def _drawn(lines: list[list[str]], lit: int = -1, colour: str = "") -> str:
    """A cue's text for libass, word `lit` (counted over all lines) in `colour`."""
    out, number = [], 0
    for line in lines:
        parts = []
        for token in line:
            word = ass_escape(token)
            if number == lit:
                bare = word.rstrip(" ")
                space = " " * (len(word) - len(bare))
                word = f"{{\\1c{colour}&}}{bare}{{\\1c&H00FFFFFF&}}{space}"
            parts.append(word)
            number += 1
        out.append("".join(parts).rstrip(" "))
    return "\\N".join(out)


def ass_text(
    cues: list[SubtitleCue], layout: SubtitleLayout, font_family: str = SUBTITLE_FONT_FAMILY
) -> str:
    """An ASS script drawing the cues in the layout's style, no automatic wrapping; with
    word highlighting, one event per word said, that word in the highlight colour."""
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
        f"{_style_line(layout, font_family)}\n\n"
        "[Events]\n"
        "Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n"
    )
    colour = _ass_colour(layout.style.highlight)
    events = []
    for cue in cues:
        lines = cue_words(cue.text)
        count = sum(len(line) for line in lines)
        if layout.style.highlight_words and cue.words and len(cue.words) == count:
            spans = [(max(a, cue.start_s), min(b, cue.end_s)) for a, b in cue.words]
            pieces = [(a, b, _drawn(lines, n, colour)) for n, (a, b) in enumerate(spans)]
            # before the first word and after the last, the text unlit
            pieces = [(cue.start_s, spans[0][0], _drawn(lines)), *pieces]
            pieces.append((spans[-1][1], cue.end_s, _drawn(lines)))
        else:
            pieces = [(cue.start_s, cue.end_s, _drawn(lines))]
        events += [
            f"Dialogue: 0,{ass_time(a)},{ass_time(b)},Default,,0,0,0,,{text}"
            for a, b, text in pieces
            if round(b * 100) > round(a * 100)
        ]
    return header + "\n".join(events) + "\n"
