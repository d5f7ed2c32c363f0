"""Topic to story: an LLM writes a short story in the chosen language from a one-line idea;
the person edits it, then it flows as any story does.

The model writes freely (no grammar), with repetition penalties; its text is then cleaned:
headings and markdown dropped, a sentence it already wrote (small models loop) dropped, cut
at the length asked. Written in the wrong language or too short, it is asked once more with
another seed; then the error says so.
"""

from __future__ import annotations

import re

from storyreel.contract import Language
from storyreel.contract.stages import MAX_TOPIC_CHARS
from storyreel.errors import StoryReelError
from storyreel.storyboard.llm.chat import ChatModel
from storyreel.text.language import detect_language
from storyreel.text.sentences import split_sentences

# sentences wanted, and the tokens the model may write for them
LENGTHS: dict[str, tuple[int, int]] = {"short": (6, 260), "medium": (10, 420), "long": (16, 640)}
_LANGUAGE_NAME = {Language.EN: "English", Language.ZH: "Simplified Chinese (简体中文)"}
# a heading line: "# The Keeper", "**The Keeper**", "Title: ...", "标题：..."
_MARKUP = re.compile(r"^\s*(?:#+.*|\*\*[^*]+\*\*[.:]?|title\s*:.*|标题[:：].*)\s*$", re.IGNORECASE)


class StoryWritingError(StoryReelError):
    """The model gave no usable story; the message says what was wrong."""


def story_messages(topic: str, language: Language, sentences: int) -> list[dict[str, str]]:
    return [
        {
            "role": "system",
            "content": (
                f"You are a children's book author. Write a short story in "
                f"{_LANGUAGE_NAME[language]}: about {sentences} sentences of plain prose, no "
                "title, no lists, no headings. Give the characters names. Each sentence moves "
                "the story forward: where it happens, what someone does, what happens next, "
                "how it ends."
            ),
        },
        {"role": "user", "content": f"Topic: {topic}"},
    ]


def clean_story(text: str, language: Language, sentences: int) -> str:
    """The model's text as a story: no markup, no sentence twice, at most `sentences`."""
    lines = [line for line in text.splitlines() if not _MARKUP.match(line)]
    body = "\n".join(lines).replace("**", "")
    kept: list[str] = []
    seen: set[str] = set()
    paragraphs: list[list[str]] = [[]]
    for span in split_sentences(body):
        sentence = span.text.strip()
        key = re.sub(r"\W+", "", sentence.lower())
        if not key or key in seen:
            continue
        seen.add(key)
        kept.append(sentence)
        if "\n" in body[max(0, span.start - 2) : span.start] and paragraphs[-1]:
            paragraphs.append([])
        paragraphs[-1].append(sentence)
        if len(kept) >= sentences:
            break
    joiner = " " if language is Language.EN else ""
    return "\n\n".join(joiner.join(p) for p in paragraphs if p)


def write_story(
    topic: str, language: Language, model: ChatModel, length: str = "short", seed: int = 0
) -> str:
    """A story about `topic` in `language`, `length` short, medium or long."""
    topic = " ".join(topic.split())
    if not topic:
        raise StoryWritingError("the topic is empty: say in a few words what the story is about")
    if len(topic) > MAX_TOPIC_CHARS:
        raise StoryWritingError(f"the topic is over {MAX_TOPIC_CHARS} characters; say it shortly")
    if length not in LENGTHS:
        raise StoryWritingError(f"length must be one of: {', '.join(LENGTHS)}")
    sentences, tokens = LENGTHS[length]
    problem = ""
    for attempt in range(2):
        text = model.chat(story_messages(topic, language, sentences), seed + attempt, tokens)
        story = clean_story(text, language, sentences)
        written = split_sentences(story)
        if story and detect_language(story) is not language:
            problem = f"it wrote {detect_language(story).value}, not {language.value}"
        elif len(written) < 3:
            problem = f"it wrote {len(written)} usable sentence(s)"
        else:
            return story
    raise StoryWritingError(f"{model.name} gave no usable story ({problem}); try again")
