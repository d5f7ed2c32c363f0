"""A title as a file name: what the server's downloads and the client's folders are called."""

from __future__ import annotations

import pytest

from storyreel.text.filenames import file_stem


@pytest.mark.parametrize(
    ("title", "stem"),
    [
        ("The Lighthouse", "The Lighthouse"),
        ("灯笼匠的女儿", "灯笼匠的女儿"),
        ("../../etc/passwd", "etc-passwd"),
        ('a:b*c?"d"<e>|f\\g', "a-b-c--d--e--f-g"),
        ("line\nbreak\ttab", "line-break-tab"),
        (" . -- ", "fallback"),
        ("", "fallback"),
    ],
)
def test_a_title_loses_what_a_file_system_would_read_as_a_path(title: str, stem: str) -> None:
    assert file_stem(title, "fallback") == stem


def test_a_long_title_is_cut_without_a_trailing_dot_or_space() -> None:
    assert file_stem("a" * 119 + ". b" * 10) == "a" * 119
    assert len(file_stem("x" * 500)) == 120
