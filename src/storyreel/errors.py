"""Errors a person can cause or fix. Each carries one clear line that says what to do."""

from __future__ import annotations


class StoryReelError(Exception):
    """Base for every error shown to a person as one line, never a stack trace."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class StoryInputError(StoryReelError):
    """The story is empty, too long or unreadable."""

    code = "bad_story"  # a stable name for APIs (subclasses in storyreel.text.story)


class VoiceNotFoundError(StoryReelError):
    """The requested narration voice does not exist."""


class VoiceLanguageError(VoiceNotFoundError):
    """The voice speaks another language than the story's."""


class OutputPathError(StoryReelError):
    """The output location cannot be written."""


class MediaToolError(StoryReelError):
    """ffmpeg or a media library failed."""
