"""Topic to story, with a scripted stand-in for the model (the real one, Qwen, is in
test_llm_storyboard.py): the text cleaned, the language checked, one more try, clear errors."""

from __future__ import annotations

import pytest

from storyreel.contract import Language
from storyreel.storyboard.llm.chat import ChatModel, Messages
from storyreel.storyboard.llm.story import StoryWritingError, clean_story, write_story


class Scripted(ChatModel):
    """Answers from a script; a stand-in for a model, to test what is done with its text."""

    name = "scripted"

    def __init__(self, answers: list[str]) -> None:
        self.answers = answers
        self.asked: list[Messages] = []

    def complete(self, messages: Messages, seed: int, subjects: tuple[str, ...] = ()) -> str:
        raise AssertionError("a story is free text")

    def chat(self, messages: Messages, seed: int, max_tokens: int) -> str:
        self.asked.append(messages)
        return self.answers.pop(0)


LOOPING = (
    "# The Keeper\n\n**Elias** kept the light. The storm came at dusk. The storm came at dusk.\n\n"
    "He climbed the stairs. He lit the lamp. A ship turned away. He smiled. Dawn came. The end."
)


def test_the_text_is_cleaned_and_cut_to_length() -> None:
    story = clean_story(LOOPING, Language.EN, 6)
    assert story == (
        "Elias kept the light. The storm came at dusk.\n\n"
        "He climbed the stairs. He lit the lamp. A ship turned away. He smiled."
    )


def test_another_try_when_the_language_is_wrong_then_a_clear_error() -> None:
    model = Scripted(
        ["It was a dark night. The wind blew. A door opened.", "夜里下雨了。灯亮了。她笑了。"]
    )
    assert write_story("雨夜", Language.ZH, model) == "夜里下雨了。灯亮了。她笑了。"
    assert "Simplified Chinese" in model.asked[0][0]["content"]
    model = Scripted(["Rain.", "Rain fell."])
    with pytest.raises(StoryWritingError, match="usable sentence"):
        write_story("rain", Language.EN, model)


@pytest.mark.parametrize(("topic", "length", "problem"), [
    ("   ", "short", "the topic is empty"),
    ("x" * 301, "short", "over 300 characters"),
    ("rain", "epic", "length must be one of"),
])  # fmt: skip
def test_bad_requests_say_what_is_wrong(topic: str, length: str, problem: str) -> None:
    with pytest.raises(StoryWritingError, match=problem):
        write_story(topic, Language.EN, Scripted([]), length)
