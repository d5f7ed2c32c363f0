"""`python -m storyreel.server.manage <command>`: Django's manage.py for the server."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "storyreel.server.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["storyreel-manage", *(argv if argv is not None else sys.argv[1:])])


if __name__ == "__main__":
    main()
