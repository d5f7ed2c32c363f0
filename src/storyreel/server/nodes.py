"""`storyreel nodes add|list|revoke`: pull nodes' keys, run with the server's own settings
(the same environment and STORYREEL_DATA_DIR as the server)."""

from __future__ import annotations

import os
import sys


def nodes_command(action: str, name: str | None) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "storyreel.server.settings")
    import django
    from django.core.management import call_command

    from storyreel.errors import StoryReelError

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)  # a first run: the tables
    from storyreel.server.studio.services import fleet

    if action in ("add", "revoke") and not name:
        raise StoryReelError(f"storyreel nodes {action} needs the node's name")
    if action == "add":
        assert name is not None
        node, key = fleet.node_add(name=name)
        print(key)
        print(
            f"node {node.name!r} added; its key is above (shown once). On the node's machine:\n"
            f"  storyreel node --server <this server's URL> --node-key {key}",
            file=sys.stderr,
        )
        return 0
    if action == "revoke":
        assert name is not None
        fleet.node_revoke(name=name)
        print(f"node {name!r} revoked: its key is refused from now on", file=sys.stderr)
        return 0
    infos = fleet.nodes_list()
    if not infos:
        print("no nodes; add one with: storyreel nodes add NAME", file=sys.stderr)
        return 0
    print(f"{'NAME':<24} {'MODE':<5} {'STATE':<8} {'DONE':>6} {'FAILED':>6}  LAST SEEN  RUNS")
    for info in infos:
        state = "revoked" if info.revoked else "live" if info.live else "away"
        seen = info.last_seen.strftime("%H:%M:%S") if info.last_seen else "-"
        print(
            f"{info.name:<24} {info.mode:<5} {state:<8} {info.jobs_done:>6} {info.failures:>6}"
            f"  {seen:<9}  {', '.join(info.routes) or '-'}"
        )
    return 0
