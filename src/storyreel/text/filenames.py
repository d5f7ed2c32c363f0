"""A person's title as a file or folder name."""

from __future__ import annotations

_UNSAFE = '/\\:*?"<>|'  # separators, and what Windows and browsers refuse in a name


def file_stem(title: str, fallback: str = "storyreel", limit: int = 120) -> str:
    """The title less what a file system or a browser would read as a path or refuse
    (separators, reserved and control characters become "-"), without leading or trailing
    dots, dashes and spaces, at most `limit` characters; `fallback` when nothing is left."""
    name = "".join("-" if c in _UNSAFE or not c.isprintable() else c for c in title)
    return name.strip(" .-")[:limit].rstrip(" .-") or fallback
