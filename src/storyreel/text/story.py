"""The one check of a story's text, for every tier (CLI, pipeline, server, client, node)."""

from __future__ import annotations

from storyreel.errors import StoryInputError


class EmptyStory(StoryInputError):
    """No sentence to tell: nothing but spaces and punctuation."""

    code = "empty_story"


class StoryTooLong(StoryInputError):
    """Over the configured limit (STORYREEL_MAX_STORY_CHARS)."""

    code = "story_too_long"


class BinaryStory(StoryInputError):
    """NUL bytes: a binary file was given as a story."""

    code = "binary_story"


def check_story(story: str, max_chars: int) -> str:
    """The story's text, or a StoryInputError (with a `code`) saying what to change."""
    if "\x00" in story:
        raise BinaryStory("the story contains binary data; give a plain text file")
    if not any(char.isalnum() for char in story):
        raise EmptyStory("the story is empty: write or paste at least one sentence")
    if len(story) > max_chars:
        raise StoryTooLong(
            f"the story is {len(story):,} characters, over the limit of {max_chars:,}; "
            "split it into parts or raise STORYREEL_MAX_STORY_CHARS"
        )
    return story
