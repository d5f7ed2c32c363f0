"""The LLM storyboard writer: the planner's cut and story bible, the model's English words
for what each shot shows; each answer checked, repaired once, else the planner's words.

One short call per shot, with the shot's own sentences, who is in it (names and looks from
the bible), its props and scene, and the picture before it. The grammar keeps the answer
English and bounded while the model writes; `check_picture` refuses a copy of the
narration, a name that is not in the shot, and talk about the picture instead of it.
"""

from __future__ import annotations

import logging

from storyreel.contract import StoryboardRequest, StoryboardResult
from storyreel.storyboard.llm.chat import ChatModel, LlmUnavailable, Messages
from storyreel.storyboard.llm.shots import LlmAnswerError, check_picture, parse_picture
from storyreel.storyboard.planner import ShotContext, plan_storyboard

log = logging.getLogger(__name__)

SYSTEM = (
    "You are a film storyboard artist. For one shot of a story, write in English what the "
    "camera sees: who does what, visibly, in the present tense, 6 to 15 words. Never copy "
    "the story's sentence, never write dialogue or quotes."
)


def user_message(context: ShotContext) -> str:
    """The question for one shot: the names, the sentence, who is seen, then the ask (the
    grammar makes the answer start with who)."""
    lines = []
    pairs = [f"{n} = {m.name}" for m in context.bible.cast for n in m.story_names[:3]]
    if pairs:
        lines.append(f"Names: {'; '.join(pairs)}")
    lines.append(f"The story's sentence: {context.text.strip()}")
    if context.cast:
        lines.append(f"Who is in the shot: {', '.join(m.name for m in context.cast)}")
        lines.append("Write what the camera sees, starting with who.")
    else:
        lines.append("Nobody is in the shot. Write what the camera sees of the place.")
    return "\n".join(lines)


class _Describer:
    """Asks the model for each shot's picture; counts what it had to leave to the planner."""

    def __init__(self, model: ChatModel, seed: int) -> None:
        self.model = model
        self.seed = seed
        self.failed: list[str] = []
        self.asked = 0

    def __call__(self, context: ShotContext) -> str | None:
        self.asked += 1
        in_shot = [m.name for m in context.cast]
        others = [m.name for m in context.bible.cast]
        messages: Messages = [
            {"role": "system", "content": SYSTEM},
            {"role": "user", "content": user_message(context)},
        ]
        seed = self.seed + context.index
        problem = ""
        for attempt in range(2):  # the answer, then one repair
            answer = self.model.complete(messages, seed + attempt * 7919, tuple(in_shot))
            try:
                picture = parse_picture(answer)
            except LlmAnswerError as error:
                problem = str(error)
            else:
                found = check_picture(
                    picture,
                    narration=context.text,
                    in_shot=in_shot,
                    others=others,
                    known=f"{context.scene} {' '.join(context.props)}",
                    previous=context.previous,
                )
                if found is None:
                    return picture
                problem = found
            messages = [
                *messages,
                {"role": "assistant", "content": answer[:400]},
                {"role": "user", "content": f"Not usable: {problem}. Answer again."},
            ]
        log.info("shot %d: the model's picture was not usable (%s)", context.index + 1, problem)
        self.failed.append(f"shot {context.index + 1}: {problem}")
        return None


def write_storyboard(request: StoryboardRequest, model: ChatModel) -> StoryboardResult:
    """A storyboard whose pictures the model words; coverage, cut and cast are the
    planner's. A shot whose answer fails twice keeps the planner's words; a model that
    cannot answer, or whose every answer fails, gives the planner's storyboard with the
    reason."""
    describe = _Describer(model, request.seed)
    try:
        plan = plan_storyboard(request, describe=describe)
    except LlmUnavailable as error:
        log.warning("LLM storyboard fell back to the planner: %s", error.message)
        return plan_storyboard(request).model_copy(
            update={"fallback_reason": f"{model.name}: {error.message}"}
        )
    if describe.asked and len(describe.failed) == describe.asked:
        reason = (
            f"{model.name}: {len(describe.failed)} of {describe.asked} shots had no usable "
            f"answer ({describe.failed[0]})"
        )
        log.warning("LLM storyboard fell back to the planner: %s", reason)
        return plan_storyboard(request).model_copy(update={"fallback_reason": reason})
    return StoryboardResult(storyboard=plan.storyboard, backend=model.name)
