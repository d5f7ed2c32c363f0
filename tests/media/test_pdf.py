"""The printable storyboard read back as a person and a machine would: pages rendered to PNG
(pdftoppm) show each shot's picture in its panel, the text layer (pdftotext) holds the
narration in English and Chinese, and the CJK font is embedded (pdffonts)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from storyreel.contract import AspectRatio, Language, ShotSize, ShotSpec, Storyboard
from storyreel.errors import StoryReelError
from storyreel.media.pdf import PdfLayout, storyboard_pdf

COLOURS = [(200, 40, 40), (40, 160, 60), (40, 60, 200), (220, 180, 30), (150, 40, 170),
           (30, 170, 170), (240, 120, 20)]  # fmt: skip
NARRATION = ["The lantern maker worked by the river.", "她的女儿把纸涂成红色。"]


def _board(tmp_path: Path) -> tuple[Storyboard, list[Path | None]]:
    shots, pictures = [], []
    for index, colour in enumerate(COLOURS):
        shots.append(
            ShotSpec(
                index=index, narration=NARRATION[index % 2], prompt=f"a river town, shot {index}",
                shot_size=ShotSize.WIDE, seed=index, source_start=index * 50,
                source_end=index * 50 + 40, duration_s=3.0 + index,
            )
        )  # fmt: skip
        picture = tmp_path / f"k{index}.png"
        Image.new("RGB", (640, 360), colour).save(picture)
        pictures.append(picture)
    board = Storyboard(title="灯笼 Lanterns", language=Language.ZH, aspect=AspectRatio.LANDSCAPE,
                       shots=shots)  # fmt: skip
    return board, pictures


def _tool(*args: str) -> str:
    return subprocess.run(list(args), capture_output=True, text=True, check=True).stdout


def _page(pdf: Path, number: int, folder: Path) -> np.ndarray:
    _tool("pdftoppm", "-r", "40", "-png", "-f", str(number), "-l", str(number), str(pdf),
          str(folder / "page"))  # fmt: skip
    found = sorted(folder.glob("page*.png"))[-1]
    array = np.asarray(Image.open(found).convert("RGB")).reshape(-1, 3).astype(int)
    found.unlink()
    return array


def _has(pixels: np.ndarray, colour: tuple[int, int, int]) -> bool:
    close = np.abs(pixels - np.array(colour)).max(axis=1) <= 12
    return int(close.sum()) > 200


def test_panels_pictures_and_chinese_text_are_drawn(tmp_path: Path) -> None:
    board, pictures = _board(tmp_path)
    pdf = storyboard_pdf(board, pictures, tmp_path / "board.pdf")
    assert "Pages:           3" in _tool("pdfinfo", str(pdf))  # the cover and 6 + 1 panels
    fonts = _tool("pdffonts", str(pdf)).splitlines()[2:]
    assert fonts and all(" yes " in line for line in fonts)  # embedded (and subset)
    text = _tool("pdftotext", str(pdf), "-")
    assert "她的女儿把纸涂成红色。" in text and "The lantern maker worked by the river." in text
    assert "Shot 7 · wide · 9.0 s" in text and "灯笼 Lanterns" in text
    assert "7 shots · 42.0 s" in text  # the cover
    second, third = _page(pdf, 2, tmp_path), _page(pdf, 3, tmp_path)
    assert all(_has(second, colour) for colour in COLOURS[:6])
    assert not _has(second, COLOURS[6]) and _has(third, COLOURS[6])
    # text is drawn on the page, not only in its text layer: grey anti-aliased ink
    ink = (second.max(axis=1) < 170) & (second.max(axis=1) - second.min(axis=1) < 25)
    assert int(ink.sum()) > 300


def test_letter_portrait_and_a_missing_picture(tmp_path: Path) -> None:
    board, pictures = _board(tmp_path)
    pictures[0] = None  # not generated yet: the panel keeps its frame
    layout = PdfLayout(paper="Letter", landscape=False, panels_per_page=4)
    pdf = storyboard_pdf(board, pictures, tmp_path / "letter.pdf", layout)
    info = _tool("pdfinfo", str(pdf))
    assert "Pages:           3" in info and "612 x 792 pts (letter)" in info
    assert not _has(_page(pdf, 2, tmp_path), COLOURS[0])
    with pytest.raises(StoryReelError, match="panels per page"):
        storyboard_pdf(board, pictures, tmp_path / "x.pdf", PdfLayout(panels_per_page=5))
    assert not (tmp_path / "x.pdf").exists()


def test_emoji_in_a_narration_print_in_the_emoji_font(tmp_path: Path) -> None:
    board, pictures = _board(tmp_path)
    first = board.shots[0].model_copy(update={"narration": "小月提着灯笼🏮走过小桥🌙。"})
    board = board.model_copy(update={"shots": [first, *board.shots[1:]]})
    pdf = storyboard_pdf(board, pictures, tmp_path / "emoji.pdf")
    fonts = _tool("pdffonts", str(pdf))
    assert "NotoEmoji" in fonts and "NotoSansCJK" in fonts, fonts
    assert "🏮" in _tool("pdftotext", str(pdf), "-")
