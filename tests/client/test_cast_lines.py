"""The Create page's cast box: one member a line, "name: look"."""

from __future__ import annotations

import pytest

from storyreel.client.core.flow import cast_from_lines
from storyreel.errors import StoryInputError


def test_a_cast_typed_one_member_a_line() -> None:
    typed = "Mei: a girl of twelve, red coat\n\n老周：an old boatman in a straw hat\n"
    assert cast_from_lines(typed) == [
        {"name": "Mei", "look": "a girl of twelve, red coat"},
        {"name": "老周", "look": "an old boatman in a straw hat"},
    ]


@pytest.mark.parametrize("typed", ["Mei a girl", ": a girl", "Mei:   "])
def test_a_line_without_name_or_look_says_which(typed: str) -> None:
    with pytest.raises(StoryInputError, match="cast line 2"):
        cast_from_lines("Tom: a boy\n" + typed)
