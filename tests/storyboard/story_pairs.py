"""What the unseen story pairs' tests share: a story's storyboard as the planner writes it,
and the cast and prompt of the shot that says some words."""

from __future__ import annotations

from storyreel.contract import Language, Storyboard, StoryboardRequest
from storyreel.storyboard.planner import plan_storyboard


def storyboard_of(story: str, language: Language) -> Storyboard:
    return plan_storyboard(StoryboardRequest(story=story, language=language)).storyboard


def shot_in(board: Storyboard, words: str) -> tuple[list[str], str]:
    """The cast and prompt of the first shot whose narration has these words."""
    shot = next(s for s in board.shots if words in s.narration)
    return shot.cast, shot.prompt
