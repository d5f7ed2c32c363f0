"""What the LLM must answer: exactly one {prompt, shot_size} per shot, as JSON."""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from storyreel.contract import ShotSize

MAX_LLM_PROMPT_CHARS = 240


class LlmShot(BaseModel):
    """One shot as the model describes it."""

    model_config = ConfigDict(extra="forbid")

    prompt: str = Field(min_length=3, max_length=MAX_LLM_PROMPT_CHARS)
    shot_size: ShotSize

    @field_validator("prompt")
    @classmethod
    def _printable(cls, value: str) -> str:
        if any(ord(char) < 32 or ord(char) == 127 for char in value):
            raise ValueError("prompt contains control characters")
        if not value.strip():
            raise ValueError("prompt is blank")
        return value.strip()


class LlmShots(BaseModel):
    """The whole answer."""

    model_config = ConfigDict(extra="forbid")

    shots: list[LlmShot]


class LlmAnswerError(ValueError):
    """The model's answer is not a valid list of shots; the text says what is wrong."""


def parse_answer(text: str, shot_count: int) -> list[LlmShot]:
    """Parse and validate a model's answer; raise LlmAnswerError saying what to fix."""
    try:
        data = json.loads(text)  # strict: raw control characters inside strings are refused
    except json.JSONDecodeError as error:
        raise LlmAnswerError(
            f"the answer is not valid JSON ({error.msg} at {error.pos})"
        ) from error
    try:
        shots = LlmShots.model_validate(data).shots
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise LlmAnswerError(f"{where}: {first['msg']}") from error
    if len(shots) != shot_count:
        raise LlmAnswerError(f"there must be exactly {shot_count} shots, got {len(shots)}")
    return shots


def shots_json_schema(shot_count: int) -> dict[str, Any]:
    """JSON schema for OpenAI-compatible structured output."""
    return {
        "type": "object",
        "properties": {
            "shots": {
                "type": "array",
                "minItems": shot_count,
                "maxItems": shot_count,
                "items": {
                    "type": "object",
                    "properties": {
                        "prompt": {
                            "type": "string",
                            "minLength": 3,
                            "maxLength": MAX_LLM_PROMPT_CHARS,
                        },
                        "shot_size": {"type": "string", "enum": [s.value for s in ShotSize]},
                    },
                    "required": ["prompt", "shot_size"],
                    "additionalProperties": False,
                },
            }
        },
        "required": ["shots"],
        "additionalProperties": False,
    }


def shots_grammar(shot_count: int) -> str:
    """A GBNF grammar of our own for exactly `shot_count` shots.

    Written by hand rather than converted from the schema: llama-cpp-python's converter lets
    raw control characters into strings and ignores numeric bounds. Here strings admit only
    printable characters and JSON escapes, lengths are bounded, the count is exact.
    """
    sizes = " | ".join(f'"\\"{size.value}\\""' for size in ShotSize)
    shots = ' ws "," ws '.join(["shot"] * shot_count)
    return "\n".join(
        [
            f'root ::= "{{" ws "\\"shots\\"" ws ":" ws "[" ws {shots} ws "]" ws "}}"',
            'shot ::= "{" ws "\\"prompt\\"" ws ":" ws text ws "," ws '
            '"\\"shot_size\\"" ws ":" ws size ws "}"',
            f"size ::= {sizes}",
            f'text ::= "\\"" char{{3,{MAX_LLM_PROMPT_CHARS}}} "\\""',
            # escapes that decode to control characters (newline, tab, ...) are left out
            'char ::= [^"\\\\\\x00-\\x1F\\x7F] | "\\\\" ["\\\\/]',
            "ws ::= [ \\n]{0,2}",
        ]
    )
