"""The LLM storyboard writer: planner shots, model prompts, validation, one repair, fallback."""

from __future__ import annotations

import logging
import re

from storyreel.contract import StoryboardRequest, StoryboardResult
from storyreel.contract.storyboard import MAX_PROMPT_CHARS
from storyreel.storyboard.llm.chat import ChatModel, LlmUnavailable, Messages
from storyreel.storyboard.llm.shots import LlmAnswerError, LlmShot, parse_answer
from storyreel.storyboard.planner import plan_storyboard

log = logging.getLogger(__name__)

_SYSTEM = (
    "You are a film storyboard artist. For each numbered narration line, write one visual "
    "prompt for an image generator: what the camera sees (subjects, setting, light, mood), "
    "in English, under 40 words, no quotes or dialogue. Choose a shot size for each: wide, "
    "medium or close_up. Answer only with JSON: "
    '{"shots": [{"prompt": "...", "shot_size": "wide"}, ...]} with one item per line, in order.'
)


def _user_message(request: StoryboardRequest, narrations: list[str]) -> str:
    lines = [f"{number}. {text}" for number, text in enumerate(narrations, 1)]
    style = f"Visual style: {request.style}\n" if request.style.strip() else ""
    return f"{style}Narration lines ({len(narrations)}):\n" + "\n".join(lines)


_NUMBERING = re.compile(r"^\s*\d+\s*[.):]\s*")


def _merge_prompt(shot: LlmShot, style: str) -> str:
    # Small models echo the line numbers of the question; they are not part of the picture.
    prompt = _NUMBERING.sub("", " ".join(shot.prompt.split())) or shot.prompt
    if style.strip() and style.strip().lower() not in prompt.lower():
        prompt = f"{prompt}, {style.strip()}"
    return prompt[:MAX_PROMPT_CHARS]


def write_storyboard(request: StoryboardRequest, model: ChatModel) -> StoryboardResult:
    """A storyboard whose prompts and shot sizes come from the model.

    Coverage is the planner's: the model never adds, drops or reorders narration.
    """
    plan = plan_storyboard(request)
    board = plan.storyboard
    narrations = [shot.narration for shot in board.shots]
    messages: Messages = [
        {"role": "system", "content": _SYSTEM},
        {"role": "user", "content": _user_message(request, narrations)},
    ]
    count = len(narrations)
    try:
        answer = model.complete(messages, count, request.seed)
        try:
            shots = parse_answer(answer, count)
        except LlmAnswerError as first_error:
            log.info("LLM storyboard answer invalid (%s); asking once more", first_error)
            messages += [
                {"role": "assistant", "content": answer[:4000]},
                {
                    "role": "user",
                    "content": f"That answer is invalid: {first_error}. Answer again with "
                    f"exactly {count} shots as JSON.",
                },
            ]
            shots = parse_answer(model.complete(messages, count, request.seed + 1), count)
    except (LlmUnavailable, LlmAnswerError) as error:
        reason = error.message if isinstance(error, LlmUnavailable) else f"invalid answer: {error}"
        log.warning("LLM storyboard fell back to the planner: %s", reason)
        return plan.model_copy(update={"fallback_reason": f"{model.name}: {reason}"})
    updated = [
        shot.model_copy(
            update={"prompt": _merge_prompt(llm, request.style), "shot_size": llm.shot_size}
        )
        for shot, llm in zip(board.shots, shots)
    ]
    storyboard = board.model_copy(update={"shots": updated})
    return StoryboardResult(storyboard=storyboard, backend=model.name)
