from __future__ import annotations

import pytest
from pydantic import ValidationError

from storyreel.contract import AspectRatio, Language, ShotSpec, Storyboard, TaskStatus, TaskType


def _shot(index: int, start: int, end: int) -> ShotSpec:
    return ShotSpec(
        index=index, narration="x", prompt="p", seed=1, source_start=start, source_end=end
    )


def test_task_status_is_exactly_the_four_values() -> None:
    assert [status.value for status in TaskStatus] == ["PENDING", "RUNNING", "SUCCESS", "FAILED"]
    assert TaskStatus.SUCCESS.is_final and not TaskStatus.RUNNING.is_final
    assert {t.value for t in TaskType} >= {"storyboard", "keyframe", "narration", "export"}


@pytest.mark.parametrize(
    ("aspect", "size"),
    [
        (AspectRatio.LANDSCAPE, (1280, 720)),
        (AspectRatio.PORTRAIT, (720, 1280)),
        (AspectRatio.SQUARE, (720, 720)),
    ],
)
def test_frame_sizes_are_even_and_shaped(aspect: AspectRatio, size: tuple[int, int]) -> None:
    assert aspect.frame_size(720) == size
    width, height = aspect.frame_size(181)
    assert width % 2 == 0 and height % 2 == 0


def test_storyboard_rejects_out_of_order_and_overlapping_shots() -> None:
    with pytest.raises(ValidationError):
        Storyboard(language=Language.EN, shots=[_shot(1, 0, 3)])
    with pytest.raises(ValidationError):
        Storyboard(language=Language.EN, shots=[_shot(0, 0, 5), _shot(1, 4, 8)])
    with pytest.raises(ValidationError):
        _shot(0, 5, 5)
    board = Storyboard(language=Language.EN, shots=[_shot(0, 0, 5), _shot(1, 6, 8)])
    assert Storyboard.model_validate_json(board.model_dump_json()) == board
