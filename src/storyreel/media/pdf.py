"""The printable storyboard: what a director marks up. A cover (title, language, shape, shots,
total length, cast when known), then panels in a grid, each with its keyframe, number, shot
size, length, narration and visual prompt. A4 or Letter, landscape or portrait; the CJK font
is embedded (subset), so Chinese prints on any machine."""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from pathlib import Path

from fpdf import FPDF
from PIL import Image

from storyreel.atomic import partial_path
from storyreel.contract import Storyboard
from storyreel.errors import StoryReelError
from storyreel.media.fonts import emoji_font_path
from storyreel.text.fonts import subtitle_font_path

_SIZE_WORDS = {"wide": "wide", "medium": "medium", "close_up": "close-up"}
_INK = (30, 32, 38)
_MUTED = (110, 116, 128)
_FRAME = (200, 204, 212)


@dataclass(frozen=True)
class PdfLayout:
    paper: str = "A4"  # or "Letter"
    landscape: bool = True
    panels_per_page: int = 6  # 1, 2, 3, 4, 6, 8, 9 or 12

    def grid(self) -> tuple[int, int]:
        """(columns, rows) of panels on a page."""
        count = self.panels_per_page
        if count not in (1, 2, 3, 4, 6, 8, 9, 12):
            raise StoryReelError("panels per page: one of 1, 2, 3, 4, 6, 8, 9, 12")
        best = min(
            ((c, math.ceil(count / c)) for c in range(1, count + 1) if count % c == 0),
            key=lambda cr: abs(cr[0] / cr[1] - (1.6 if self.landscape else 0.7)),
        )
        return best


def _text(pdf: FPDF, x: float, y: float, w: float, h: float, text: str, size: float,
          colour: tuple[int, int, int], lines: int) -> None:  # fmt: skip
    """Text wrapped into a box, cut to `lines` lines with an ellipsis."""
    pdf.set_font("cjk", size=size)
    pdf.set_text_color(*colour)
    pdf.set_xy(x, y)
    line_h = size * 0.45
    lines_of = pdf.multi_cell(w, line_h, text, dry_run=True, output="LINES")
    assert isinstance(lines_of, list)  # output="LINES": the lines, nothing else
    wrapped = [str(line) for line in lines_of]
    if len(wrapped) > lines:
        wrapped = [*wrapped[: lines - 1], wrapped[lines - 1].rstrip()[:-1] + "…"]
    for number, line in enumerate(wrapped[: max(0, int(h // line_h))]):
        pdf.set_xy(x, y + number * line_h)
        pdf.cell(w, line_h, line)


def storyboard_pdf(
    storyboard: Storyboard,
    keyframes: list[Path | None],
    output: Path,
    layout: PdfLayout | None = None,
    cast: list[str] | None = None,
) -> Path:
    """Write the storyboard's PDF at `output` (atomically) and return it."""
    layout = layout or PdfLayout()
    if len(keyframes) != len(storyboard.shots):
        raise ValueError("one keyframe (or None) per shot")
    columns, rows = layout.grid()
    pdf = FPDF(orientation="L" if layout.landscape else "P", unit="mm", format=layout.paper)
    pdf.set_auto_page_break(False)
    pdf.add_font("cjk", fname=str(subtitle_font_path()))
    emoji = emoji_font_path()
    if emoji is not None:  # emoji in a narration print in Noto Emoji, not as empty boxes
        pdf.add_font("emoji", fname=str(emoji))
        pdf.set_fallback_fonts(["emoji"])
    pdf.set_title(storyboard.title)
    pdf.set_creator("StoryReel")
    margin = 12.0
    page_w, page_h = pdf.w, pdf.h

    # the cover
    pdf.add_page()
    total = sum(s.duration_s or 0 for s in storyboard.shots)
    _text(pdf, margin, page_h * 0.30, page_w - 2 * margin, 20, storyboard.title, 28, _INK, 2)
    facts = [
        f"{len(storyboard.shots)} shots · {total:.1f} s"
        if total
        else f"{len(storyboard.shots)} shots",
        f"{storyboard.aspect.value} · {storyboard.language.value}"
        + (f" · {storyboard.style}" if storyboard.style else ""),
        "Cast: " + ", ".join(cast) if cast else "",
    ]
    for number, fact in enumerate(f for f in facts if f):
        _text(pdf, margin, page_h * 0.30 + 24 + number * 8, page_w - 2 * margin, 8, fact, 13,
              _MUTED, 1)  # fmt: skip

    # the panels
    per_page = columns * rows
    pages = math.ceil(len(storyboard.shots) / per_page)
    gap = 6.0
    cell_w = (page_w - 2 * margin - (columns - 1) * gap) / columns
    cell_h = (page_h - 2 * margin - 8 - (rows - 1) * gap) / rows
    width, height = storyboard.aspect.frame_size(360)
    ratio = width / height
    image_h = min(cell_h * 0.62, cell_w / ratio)
    image_w = image_h * ratio
    for page in range(pages):
        pdf.add_page()
        footer = f"{storyboard.title} — {page + 1} / {pages}"
        _text(pdf, margin, page_h - margin, page_w - 2 * margin, 5, footer, 8, _MUTED, 1)
        for slot, shot in enumerate(storyboard.shots[page * per_page : (page + 1) * per_page]):
            column, row = slot % columns, slot // columns
            x = margin + column * (cell_w + gap)
            y = margin + row * (cell_h + gap)
            pdf.set_draw_color(*_FRAME)
            pdf.rect(x, y, image_w, image_h)
            keyframe = keyframes[shot.index]
            if keyframe is not None and keyframe.is_file():
                with Image.open(keyframe) as picture:
                    pdf.image(picture.convert("RGB"), x=x, y=y, w=image_w, h=image_h)
            size = _SIZE_WORDS.get(shot.shot_size.value, shot.shot_size.value)
            length = f" · {shot.duration_s:.1f} s" if shot.duration_s else ""
            top = y + image_h + 1.5
            _text(pdf, x, top, cell_w, 6, f"Shot {shot.index + 1} · {size}{length}", 10, _INK, 1)
            rest = cell_h - image_h - 8
            _text(pdf, x, top + 5.5, cell_w, rest * 0.6, shot.narration, 9, _INK, 4)
            _text(pdf, x, top + 5.5 + rest * 0.6, cell_w, rest * 0.4, shot.prompt, 7, _MUTED, 3)
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = partial_path(output)
    pdf.output(str(partial))
    os.replace(partial, output)
    return output
