"""What the LLM answers for one shot: {"picture": "..."}, a short English description of
what the shot visibly shows; and the checks it must pass."""

from __future__ import annotations

import json
import re
from typing import Any

PICTURE_MIN, PICTURE_MAX = 8, 120
# English only, enforced while the model writes: letters, spaces and plain punctuation
_PICTURE_CHARS = "[A-Za-z ,.'-]"
_META = re.compile(
    r"\b(?:picture|present tense|in this shot|the shot|storyboard|narration|chinese|english)\b",
    re.IGNORECASE,
)
_CJK = re.compile(r"[\u3400-\u9fff]")


class LlmAnswerError(ValueError):
    """The model's answer is not a usable picture; the text says what is wrong."""


def _quoted(name: str) -> str:
    return '"' + name.replace("\\", "").replace('"', "") + '"'


def picture_grammar(subjects: tuple[str, ...] = ()) -> str:
    """A GBNF grammar for {"picture": "..."}: ASCII English, bounded length; starting with
    one of `subjects` (the cast in the shot) when there are any: who, then what they do."""
    if subjects:
        who = "(" + " | ".join(_quoted(name) for name in subjects) + ') " " '
        rest = f"[a-z ,.'-]{{{PICTURE_MIN},{PICTURE_MAX}}}"
    else:
        who, rest = "", f"{_PICTURE_CHARS}{{{PICTURE_MIN},{PICTURE_MAX}}}"
    return 'root ::= "{\\"picture\\": \\"" ' + who + rest + ' "\\"}"'


def picture_json_schema(subjects: tuple[str, ...] = ()) -> dict[str, Any]:
    """The same answer as JSON schema, for OpenAI-compatible structured output."""
    start = "(" + "|".join(re.escape(name) for name in subjects) + ") " if subjects else ""
    return {
        "type": "object",
        "properties": {
            "picture": {
                "type": "string",
                "minLength": PICTURE_MIN,
                "maxLength": PICTURE_MAX + 60,
                "pattern": f"^{start}{_PICTURE_CHARS}+$",
            }
        },
        "required": ["picture"],
        "additionalProperties": False,
    }


def parse_picture(text: str) -> str:
    """The picture of an answer; LlmAnswerError says what is wrong."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise LlmAnswerError(f"the answer is not valid JSON ({error.msg})") from error
    picture = data.get("picture") if isinstance(data, dict) else None
    if not isinstance(picture, str):
        raise LlmAnswerError('the answer has no "picture" text')
    picture = " ".join(picture.split()).strip(" ,.-")
    if len(picture) < PICTURE_MIN:
        raise LlmAnswerError("the picture is too short to show anything")
    return picture[: PICTURE_MAX + 60]


def check_picture(
    picture: str,
    *,
    narration: str,
    in_shot: list[str],
    others: list[str],
    known: str = "",
    previous: str | None = None,
) -> str | None:
    """Why a picture cannot be used (a request to fix it, as the repair round says it), or
    None. It must be English, not a copy of the narration, name only the cast in the shot,
    and describe the picture rather than talk about it."""
    if _CJK.search(picture) or not picture.isascii():
        return "write it in English only"
    words = re.findall(r"[a-z']+", narration.lower())
    said = " ".join(re.findall(r"[a-z']+", picture.lower()))
    if any(" ".join(words[i : i + 4]) in said for i in range(len(words) - 3)):
        return "describe what the camera sees in your own words; do not copy the story's sentence"
    for name in others:
        if name not in in_shot and re.search(rf"\b{re.escape(name)}\b", picture, re.IGNORECASE):
            return f"{name} is not in this shot; describe only {', '.join(in_shot) or 'the place'}"
    if _META.search(picture):
        return "describe only what is seen (people, actions, things), not the picture itself"
    for name in in_shot:
        if len(re.findall(rf"\b{re.escape(name)}\b", picture, re.IGNORECASE)) > 1:
            return f"name {name} once"
    if previous and picture.lower() == previous.lower():
        return "this is a new shot: say what happens in it"
    # names, the scene and the props alone are not a picture: something must happen
    given = set(re.findall(r"[a-z]+", f"{known} {' '.join(others)}".lower())) | _SMALL
    new = [word for word in re.findall(r"[a-z]+", picture.lower()) if word not in given]
    if len(picture.split()) < 3 or not new:
        return "say what happens: who does what (6 to 15 words)"
    return None


_SMALL = set(
    [
        "a",
        "an",
        "the",
        "of",
        "in",
        "on",
        "at",
        "by",
        "with",
        "and",
        "to",
        "his",
        "her",
        "their",
        "its",
        "s",
    ]
)
