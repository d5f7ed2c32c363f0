"""The one check of a story's text, for every tier (CLI, pipeline, server, client, node)."""

from __future__ import annotations

from storyreel.contract import Language
from storyreel.errors import StoryInputError
from storyreel.text.language import letter_language


class EmptyStory(StoryInputError):
    """No sentence to tell: nothing but spaces and punctuation."""

    code = "empty_story"


class StoryTooLong(StoryInputError):
    """Over the configured limit (STORYREEL_MAX_STORY_CHARS)."""

    code = "story_too_long"


class BinaryStory(StoryInputError):
    """NUL bytes: a binary file was given as a story."""

    code = "binary_story"


class WrongLanguage(StoryInputError):
    """A language was named that the story has not a letter of (an English story given as
    Chinese would be cut as Chinese and read by a Mandarin voice)."""

    code = "wrong_language"


_NAMES = {Language.EN: "English", Language.ZH: "Chinese"}


def check_story(story: str, max_chars: int, language: Language | None = None) -> str:
    """The story's text, or a StoryInputError (with a `code`) saying what to change;
    `language`: the one a person named for it (None: detected)."""
    if "\x00" in story:
        raise BinaryStory("the story contains binary data; give a plain text file")
    if not any(char.isalnum() for char in story):
        raise EmptyStory("the story is empty: write or paste at least one sentence")
    if len(story) > max_chars:
        raise StoryTooLong(
            f"the story is {len(story):,} characters, over the limit of {max_chars:,}; "
            "split it into parts or raise STORYREEL_MAX_STORY_CHARS"
        )
    if language is not None and not any(letter_language(char) is language for char in story):
        other = Language.EN if language is Language.ZH else Language.ZH
        raise WrongLanguage(
            f"the story has no {_NAMES[language]} in it, but {_NAMES[language]} was chosen; "
            f"choose {_NAMES[other]} or let the language be detected"
        )
    return story


def default_title(story: str, max_width: int = 40) -> str:
    """A title for a story given none: its first sentence, cut at a word (or, in Chinese, a
    character) to about max_width columns, with "…" when cut. Never "Untitled" in English
    over a Chinese story."""
    from storyreel.text.sentences import display_width, split_sentences

    spans = split_sentences(story)
    first = story[spans[0].start : spans[0].end] if spans else story
    first = " ".join(first.split()).rstrip("。．.!?！？;；,，:：")
    if display_width(first) <= max_width:
        return first
    cut = ""
    for char in first:
        if display_width(cut + char) > max_width - 1:
            break
        cut += char
    if " " in cut and not cut.endswith(" "):
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,，") + "…"
