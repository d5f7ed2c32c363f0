"""Storyboard backends: the offline planner, and LLMs that write the visual prompts."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel

from storyreel.contract import StoryboardRequest, StoryboardResult, TaskType
from storyreel.node.backends.base import Backend, as_request
from storyreel.storyboard.planner import plan_storyboard


class PlannerStoryboardBackend(Backend):
    """The deterministic planner: no model, always available."""

    stage = TaskType.STORYBOARD
    name = "planner"
    description = "deterministic sentence planner (English and Chinese), no model"

    def run(self, payload: BaseModel, work: Path) -> StoryboardResult:
        return plan_storyboard(as_request(payload, StoryboardRequest))
