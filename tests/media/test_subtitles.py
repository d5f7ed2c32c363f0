from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageFont

from storyreel.contract import (
    AspectRatio,
    SubtitlePosition,
    SubtitlePreset,
    SubtitleSize,
    SubtitleStyle,
)
from storyreel.media.audio import speech_clock
from storyreel.media.ffmpeg import ffmpeg_executable, run_ffmpeg
from storyreel.media.fonts import fonts_environment, prepare_fonts_dir
from storyreel.media.subtitles import (
    SubtitleCue,
    ass_escape,
    ass_text,
    cues_for_speech,
    paginate,
    srt_text,
    wrap_lines,
)
from storyreel.text.fonts import SUBTITLE_FONT_FAMILY, subtitle_font_path
from storyreel.text.sentences import display_width
from storyreel.text.subtitle_layout import SubtitleLayout, layout_for

TRICKY = [
    r"He said: 'it's 50% off' \ {braces} \N \h \n done",
    "Path C:\\new\\table {\\i1}not italic{\\i0} 100%",
    "“引号”：冒号、反斜杠\\和{花括号}",
    # each of these would draw nothing at all if libass read it as markup
    "\\h\\h\\h\\h\\h\\h",
    "\\n\\n\\n\\n\\n\\n",
    "{\\i1}{\\b1}{x}",
]


def test_wrapping_keeps_every_character_and_fits() -> None:
    text = "The beam swept across the water, again and again, until the boat turned toward it."
    lines = wrap_lines(text, 30)
    assert " ".join(lines) == text
    assert all(display_width(line) <= 30 for line in lines)
    chinese = "小女孩的妈妈找到了她们，老爷爷笑着说：“灯笼就是为迷路的人点的。”"
    lines = wrap_lines(chinese, 20)
    assert "".join(lines) == chinese
    assert all(display_width(line) <= 20 for line in lines)
    assert not any(
        line[0] in "，。：”" for line in lines
    )  # no line starts with closing punctuation


def test_long_text_pages_are_timed_in_proportion() -> None:
    text = "word " * 60
    pages = paginate(text, 40)
    assert all(page.count("\n") <= 1 for page in pages) and len(pages) > 1
    cues = cues_for_speech(text, 2.0, 12.0, 40)
    assert cues[0].start_s == 2.0 and cues[-1].end_s == pytest.approx(12.0)
    assert all(a.end_s == pytest.approx(b.start_s) for a, b in zip(cues, cues[1:]))


def test_srt_is_verbatim_with_millisecond_times() -> None:
    cue = SubtitleCue(61.5, 3661.25, TRICKY[0])
    assert srt_text([cue]) == f"1\n00:01:01,500 --> 01:01:01,250\n{TRICKY[0]}\n"


def test_ass_escape_neutralises_only_libass_syntax() -> None:
    escaped = ass_escape(TRICKY[1])
    assert "{\\i1}" not in escaped and "\\{" in escaped
    assert re.search(r"\\[Nnh]", escaped) is None  # no backslash directly before N, n or h
    assert escaped.replace("\u2060", "").replace("\\{", "{").replace("\\}", "}") == TRICKY[1]


def _ink(path: Path) -> tuple[int, int]:
    pixels = np.asarray(Image.open(path).convert("L")) > 128
    ys, xs = np.nonzero(pixels)
    if xs.size == 0:
        return 0, 0
    return int(xs.max() - xs.min()), int(ys.max() - ys.min())


@pytest.mark.parametrize("text", TRICKY)
def test_libass_draws_tricky_text_exactly(text: str, tmp_path: Path) -> None:
    """Burned-in width matches the font's own advance for the literal text, on one line."""
    layout = SubtitleLayout(2400, 720)
    script = ass_text([SubtitleCue(0, 5, text)], layout)
    (tmp_path / "sub.ass").write_text(script, encoding="utf-8")
    fonts = prepare_fonts_dir(tmp_path / "fonts")
    run_ffmpeg(
        ffmpeg_executable(),
        [
            "-f",
            "lavfi",
            "-i",
            "color=black:s=2400x720",
            "-vf",
            "ass=sub.ass",
            "-frames:v",
            "1",
            "frame.png",
        ],
        cwd=tmp_path,
        env=fonts_environment(fonts),
    )
    width, height = _ink(tmp_path / "frame.png")
    font = ImageFont.truetype(str(subtitle_font_path()), round(layout.em_px))
    expected = font.getlength(text)
    # libass and FreeType-in-Pillow differ by a few percent (ligatures, spacing), no more.
    assert abs(width - expected) < expected * 0.07, (width, expected)
    assert height < layout.em_px * 1.6  # one line: no "\N" or "\n" became a line break
    assert SUBTITLE_FONT_FAMILY in script


CHINESE = "风停了，灯笼还亮着，她慢慢走回了家。老人说：“我们回家吧——明天再来。”"


@pytest.mark.parametrize("width", range(8, 34, 2))
def test_chinese_lines_break_between_words_and_keep_punctuation(width: int) -> None:
    from storyreel.text.words import chinese_words

    lines = wrap_lines(CHINESE, width)
    assert "".join(lines) == CHINESE  # nothing lost, nothing moved
    ends, cursor = set(), 0
    for word in chinese_words(CHINESE):
        cursor += len(word)
        ends.add(cursor)
    cursor = 0
    for line in lines[:-1]:
        cursor += len(line)
        assert cursor in ends, f"{lines} breaks inside a word"
    for line in lines[1:]:
        assert line[0] not in "，。：”—", f"{lines}: a line starts with {line[0]!r}"
    for line in lines[:-1]:
        assert line[-1] != "“", f"{lines}: a line ends with an opening quote"


def test_a_last_line_of_one_chinese_character_takes_a_word_from_above() -> None:
    lines = wrap_lines("风停了，灯笼还亮着，她慢慢走回了家。", 16)
    assert lines == ["风停了，灯笼还亮", "着，她慢慢走回", "了家。"]  # not "…走回了" / "家。"


@pytest.mark.parametrize("width", range(4, 24))
def test_a_dash_never_starts_a_line(width: int) -> None:
    for text in ("The keeper - tired - climbed up — and lit the lamp.", "回家吧——明天再来"):
        lines = wrap_lines(text, width)
        assert not any(line.lstrip()[:1] in "-—–" for line in lines), lines


def test_portrait_subtitles_sit_above_the_bottom_fifth() -> None:
    """Phone apps draw their buttons and captions over the bottom ~20% of a 9:16 video."""
    portrait = layout_for(AspectRatio.PORTRAIT)
    assert portrait.margin_v >= 0.2 * portrait.height
    landscape = layout_for(AspectRatio.LANDSCAPE)
    assert landscape.margin_v < 0.1 * landscape.height
    script = ass_text([SubtitleCue(0, 1, "你好")], portrait)
    assert f",{portrait.margin_v},1\n" in script


def _burn(script: str, size: tuple[int, int], at_s: float, folder: Path) -> np.ndarray:
    """The frame libass draws for the script at at_s, over mid grey."""
    (folder / "sub.ass").write_text(script, encoding="utf-8")
    fonts = prepare_fonts_dir(folder / "fonts")
    out = folder / f"frame-{at_s:.2f}.png"
    run_ffmpeg(
        ffmpeg_executable(),
        ["-f", "lavfi", "-i", f"color=0x808080:s={size[0]}x{size[1]}:d=10", "-vf",
         "ass=sub.ass", "-ss", f"{at_s:.2f}", "-frames:v", "1", "-y", out.name],
        cwd=folder,
        env=fonts_environment(fonts),
    )  # fmt: skip
    return np.asarray(Image.open(out).convert("RGB")).astype(int)


def _lit(frame: np.ndarray) -> np.ndarray:
    """Where the highlight colour (#FFD23F) is drawn."""
    red, green, blue = frame[..., 0], frame[..., 1], frame[..., 2]
    return (red > 200) & (green > 170) & (green < 235) & (blue < 120)


def test_the_clock_of_a_voice_stands_still_in_its_pauses() -> None:
    rate = 16_000
    tone = 0.3 * np.sin(np.linspace(0, 2 * np.pi * 220, rate))  # 1 s of voice
    quiet = np.zeros(rate // 2)  # a 0.5 s pause
    blip = np.zeros(rate // 20)  # a 0.05 s dip is no pause
    clock = speech_clock(np.concatenate([tone, quiet, tone, blip, tone]), rate)
    voiced = 3.05  # the dip counts as voice, the pause does not
    assert clock(0.0) == pytest.approx(0.0, abs=0.011)
    assert clock(0.30) == pytest.approx(0.30 * voiced, abs=0.011)
    assert clock(0.33) == pytest.approx(1.5, abs=0.011)  # 1.0065 s said: after the pause
    assert clock(1.0) == pytest.approx(3.55, abs=0.011)
    words = cues_for_speech("one two three four", 0.0, 3.6, 40, clock)[0].words
    # weights 3, 3, 5, 4 of 15: "three" starts 1.22 s of voice in, so after the pause
    assert [round(a, 2) for a, _ in words] == [0.0, 0.61, 1.72, 2.73]
    assert words[-1][1] == 3.6


def test_word_highlighting_lights_the_word_being_said(tmp_path: Path) -> None:
    layout = SubtitleLayout(1280, 720, SubtitleStyle(highlight_words=True))
    cue = cues_for_speech("Lanterns glow tonight", 0.0, 3.0, layout.units_per_line)[0]
    assert len(cue.words) == 3 and cue.words[0][0] == 0.0 and cue.words[-1][1] == 3.0
    script = ass_text([cue], layout)
    xs = []
    for start, end in cue.words:
        lit = _lit(_burn(script, (1280, 720), (start + end) / 2, tmp_path))
        assert lit.sum() > 200, "the word said is drawn in the highlight colour"
        xs.append(np.nonzero(lit)[1].mean())
    assert xs[0] < xs[1] < xs[2]  # left to right, as they are said
    plain = ass_text([cue], SubtitleLayout(1280, 720))
    assert _lit(_burn(plain, (1280, 720), 1.5, tmp_path)).sum() == 0
    # markup in the words stays literal with highlighting too
    tricky = cues_for_speech(TRICKY[1], 0.0, 3.0, 200)[0]
    assert "{\\i1}" not in ass_text([tricky], layout)


def test_presets_draw_an_outline_a_drop_shadow_or_a_box(tmp_path: Path) -> None:
    dark, ink, offset = {}, {}, {}
    for preset in SubtitlePreset:
        layout = SubtitleLayout(1280, 720, SubtitleStyle(preset=preset))
        cue = SubtitleCue(0, 5, "A lantern by the river")
        grey = _burn(ass_text([cue], layout), (1280, 720), 1.0, tmp_path).mean(axis=2)
        white = grey > 235
        shade = grey < 70  # darker than the mid-grey frame: box, outline or shadow
        ink[preset], dark[preset] = white.sum(), shade.sum()
        offset[preset] = np.nonzero(shade)[0].mean() - np.nonzero(white)[0].mean()
    assert dark[SubtitlePreset.BOX] > 5 * ink[SubtitlePreset.BOX]  # a box behind the words
    assert dark[SubtitlePreset.OUTLINE] > 2 * ink[SubtitlePreset.OUTLINE]  # all around them
    shadow = dark[SubtitlePreset.SHADOW]
    assert 0.3 * ink[SubtitlePreset.SHADOW] < shadow < 0.5 * dark[SubtitlePreset.OUTLINE]
    assert offset[SubtitlePreset.SHADOW] > 1.0  # cast below the letters
    assert abs(offset[SubtitlePreset.OUTLINE]) < 1.0


@pytest.mark.parametrize("position", list(SubtitlePosition))
@pytest.mark.parametrize("aspect", [AspectRatio.LANDSCAPE, AspectRatio.PORTRAIT])
def test_positions_keep_inside_the_safe_area(
    position: SubtitlePosition, aspect: AspectRatio, tmp_path: Path
) -> None:
    layout = layout_for(aspect, 360, SubtitleStyle(position=position))
    size = (layout.width, layout.height)
    frame = _burn(ass_text([SubtitleCue(0, 5, "灯笼亮了")], layout), size, 1.0, tmp_path)
    rows = np.nonzero((frame.mean(axis=2) > 235).any(axis=1))[0]
    top, bottom = rows.min() / layout.height, rows.max() / layout.height
    upright = aspect is AspectRatio.PORTRAIT
    if position is SubtitlePosition.TOP:
        assert top >= (0.12 if upright else 0.05) and bottom < 0.3
    elif position is SubtitlePosition.MIDDLE:
        assert top < 0.5 < bottom
    else:
        assert bottom <= (0.8 if upright else 0.95) and top > 0.6
    large = layout_for(aspect, 360, SubtitleStyle(size=SubtitleSize.LARGE))
    assert large.font_size > layout.font_size and large.units_per_line < layout.units_per_line


def test_emoji_are_drawn_with_the_bundled_emoji_font(tmp_path: Path) -> None:
    """Emoji in a subtitle are drawn (Noto Emoji from its pip package): with the subtitle
    font alone, libass draws an empty box (.notdef) for each, with far less ink."""
    from storyreel.media.fonts import emoji_font_path

    font = emoji_font_path()
    assert font is not None and "site-packages" in str(font), font
    layout = SubtitleLayout(1280, 720)
    (tmp_path / "sub.ass").write_text(
        ass_text([SubtitleCue(0, 5, "🏮🌊🌙")], layout), encoding="utf-8"
    )
    inked = []
    for fonts in (prepare_fonts_dir(tmp_path / "fonts"), tmp_path / "cjk-only"):
        if fonts.name == "cjk-only":  # the same folder less the emoji font
            prepare_fonts_dir(fonts)
            (fonts / font.name).unlink()
        run_ffmpeg(
            ffmpeg_executable(),
            ["-f", "lavfi", "-i", "color=black:s=1280x720", "-vf", "ass=sub.ass",
             "-frames:v", "1", f"{fonts.name}.png"],
            cwd=tmp_path,
            env=fonts_environment(fonts),
        )  # fmt: skip
        pixels = np.asarray(Image.open(tmp_path / f"{fonts.name}.png").convert("L"))
        inked.append(int((pixels > 128).sum()))
    with_emoji, without = inked
    assert with_emoji > 1.3 * without, inked
