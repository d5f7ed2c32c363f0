"""The node fleet's figures from one bounded run on loopback: scheduling, not models.

`storyreel up --no-node` (server + worker, SQLite) and pull-node processes
(`storyreel node --server URL --node-key K --slots 2`). On 2 cores real model time cannot
scale with nodes, so the scaling figures use the `hold` test backend: each job is held for a
fixed pretend model time (STORYREEL_NODE_HOLD_S; it says so, and is never a default) and
answers a tiny real PNG, uploaded and completed as any result is. What is measured is the
server's side: leasing, routing, uploads, outcomes, requeues.

1. 1, 2, 4 and 8 nodes x 2 slots, 20 projects x 8 shots (160 keyframe jobs): throughput
   ratio vs 1 node (target >= 0.9 x N), and each run against its ideal (N x 2 / hold).
2. Lease overhead: 104 waiting jobs leased one at a time by a node (the bench), each
   result sent and completed, in turns in one request (result with outcome) and in two
   (upload, then outcome), timed (target: lease p50 <= 20 ms).
3. 2 of 4 nodes killed (SIGKILL) mid-run: every job completes on the rest; time from the
   kill until each job they held is leased again (target <= lease TTL + 5 s).
4. A node that joins mid-run: time from its registration to its first job (target: within
   one long poll).
5. A mixed fleet with the real backends: only piper, only sketch, both; 3 projects x 8
   shots of images and narration: every job on a node that has its backend.

Run: .venv/bin/python bench/fleet_bench.py [--hold 1.0] [--only scale,overhead,kill,join,mixed]
"""

from __future__ import annotations

import argparse
import io
import os
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

import httpx

from server_load import SENTENCES  # the same 8-sentence story as the server's load bench
from storyreel.contract import KeyframeResult, TaskStatus, TaskType, WebhookPayload
from storyreel.contract.fleet import LeaseOutcome
from storyreel.devtools.stack import EmbeddedStack, StackPorts, free_port

PROJECTS, SHOTS, SLOTS = 20, 8, 2
LEASE_TTL_S = 4.0
LONG_POLL_S = 5.0
STORY = "\n\n".join(SENTENCES)
HOLD_BACKENDS = "storyboard.planner,keyframe.hold"


def _cpu_s(pid: int) -> float:
    """CPU seconds a process has used (user + system)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _machine_busy() -> tuple[float, float]:
    """(busy, total) CPU time of the whole machine so far, in clock ticks."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    idle = values[3] + values[4]
    return float(sum(values) - idle), float(sum(values))


class Fleet:
    """The stack, its database (read directly: polling the API would load the server the
    bench measures), node keys and node processes."""

    def __init__(self, stack: EmbeddedStack, folder: Path) -> None:
        self.stack = stack
        self.folder = folder
        self.db_path = Path(stack.env["STORYREEL_DATA_DIR"]) / "storyreel.sqlite3"
        self.api = httpx.Client(
            base_url=stack.url, headers={"Authorization": f"Token {stack.token}"}, timeout=60
        )
        self.nodes: dict[str, subprocess.Popen[bytes]] = {}

    def query(self, sql: str, *args: object) -> list[tuple[object, ...]]:
        with sqlite3.connect(f"file:{self.db_path}?mode=ro", uri=True, timeout=10) as db:
            return list(db.execute(sql, args))

    def add_keys(self, names: list[str]) -> dict[str, str]:
        """Node keys, made in one process with the server's settings."""
        script = (
            "import django; django.setup()\n"
            "from storyreel.server.studio.services.fleet import node_add\n"
            f"for name in {names!r}:\n"
            "    print(name, node_add(name=name)[1])\n"
        )
        done = subprocess.run(
            [sys.executable, "-c", script],
            env=self.stack.env, capture_output=True, text=True, check=True,
        )  # fmt: skip
        return dict(line.split() for line in done.stdout.splitlines())

    def start_node(self, name: str, key: str, env: dict[str, str], slots: int = SLOTS) -> None:
        child = {k: v for k, v in os.environ.items() if not k.startswith("STORYREEL_")}
        child.update(
            {
                "STORYREEL_CACHE_DIR": str(self.folder / "node-cache"),
                "STORYREEL_NODE_LEASE_WAIT_S": str(LONG_POLL_S),
                "STORYREEL_NODE_DRAIN_S": "2",
                **env,
            }
        )
        log = (self.folder / f"node-{name}.log").open("ab")
        self.nodes[name] = subprocess.Popen(
            [sys.executable, "-m", "storyreel.cli", "node", "--server", self.stack.url,
             "--node-key", key, "--slots", str(slots), "--log-level", "warning"],
            env=child, stdout=log, stderr=log,
        )  # fmt: skip
        log.close()

    def wait_registered(self, names: list[str], timeout: float = 120) -> None:
        marks = ",".join("?" * len(names))
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.query(
                f"SELECT count(*) FROM studio_node WHERE name IN ({marks}) "
                "AND last_seen IS NOT NULL",
                *names,
            )[0][0]
            if found == len(names):
                return
            for name in names:
                if self.nodes[name].poll() is not None:
                    raise SystemExit(f"node {name} exited; see {self.folder}/node-{name}.log")
            time.sleep(0.2)
        raise SystemExit(f"nodes {names} did not register in {timeout:.0f} s")

    def stop_nodes(self, names: list[str], kill: bool = False) -> None:
        for name in names:
            process = self.nodes.pop(name)
            process.send_signal(signal.SIGKILL if kill else signal.SIGTERM)
            process.wait(timeout=30)

    def projects(self, count: int) -> list[int]:
        """Projects of SHOTS shots, their storyboards made (by whichever node has the
        planner)."""
        ids = []
        for n in range(count):
            created = self.api.post("/api/projects/create", json={"story": STORY, "title": f"P{n}"})
            created.raise_for_status()
            ids.append(created.json()["project"]["id"])
        marks = ",".join("?" * len(ids))
        self.wait_tasks(f"type='storyboard' AND project_id IN ({marks})", len(ids), 120, *ids)
        shots = self.query(
            f"SELECT count(*) FROM studio_shot WHERE project_id IN ({marks}) "
            "AND deleted_at IS NULL",
            *ids,
        )[0][0]
        assert shots == count * SHOTS, f"{shots} shots, wanted {count * SHOTS}"
        return ids

    def wait_tasks(self, where: str, count: int, timeout: float, *args: object) -> float:
        """Until `count` tasks matching `where` have ended; seconds taken. All must succeed."""
        started = time.perf_counter()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            ended = self.query(
                f"SELECT status, count(*) FROM studio_task WHERE {where} "
                "AND status IN ('SUCCESS','FAILED') GROUP BY status",
                *args,
            )
            done = dict((str(s), int(str(n))) for s, n in ended)
            if sum(done.values()) >= count:
                if done.get("FAILED"):
                    failed = self.query(
                        f"SELECT err_msg FROM studio_task WHERE {where} AND status='FAILED' "
                        "LIMIT 3",
                        *args,
                    )
                    raise SystemExit(f"{done['FAILED']} task(s) failed: {failed}")
                return time.perf_counter() - started
            time.sleep(0.1)
        raise SystemExit(f"tasks ({where}) did not all end in {timeout:.0f} s")

    def generate(self, ids: list[int], backend: str) -> None:
        for project in ids:
            self.api.post(
                f"/api/projects/{project}/generate_images", json={"backend": backend}
            ).raise_for_status()

    def keyframes_since(self, ids: list[int]) -> tuple[str, list[object]]:
        marks = ",".join("?" * len(ids))
        return f"type='keyframe' AND project_id IN ({marks})", list(ids)


def scale(fleet: Fleet, keys: dict[str, str], hold: float, counts: list[int]) -> None:
    print(f"1. throughput, {PROJECTS} projects x {SHOTS} shots, nodes x {SLOTS} slots, "
          f"hold {hold:g} s per job (ideal: nodes x {SLOTS} / {hold:g} jobs/s)")  # fmt: skip
    env = {"STORYREEL_NODE_HOLD_S": str(hold), "STORYREEL_NODE_BACKENDS": HOLD_BACKENDS}
    base = None
    for count in counts:
        names = [f"scale{count}-{i}" for i in range(count)]
        for name in names:
            fleet.start_node(name, keys[name], env)
        fleet.wait_registered(names)
        ids = fleet.projects(PROJECTS)
        where, args = fleet.keyframes_since(ids)
        server = fleet.stack.processes["server"].pid
        server_cpu = _cpu_s(server)
        nodes_cpu = sum(_cpu_s(fleet.nodes[name].pid) for name in names)
        busy, total = _machine_busy()
        started = time.perf_counter()
        started_utc = datetime.now(timezone.utc)
        fleet.generate(ids, "hold")
        fleet.wait_tasks(where, PROJECTS * SHOTS, 600, *args)
        took = time.perf_counter() - started
        busy_after, total_after = _machine_busy()
        server_cpu = _cpu_s(server) - server_cpu
        nodes_cpu = sum(_cpu_s(fleet.nodes[name].pid) for name in names) - nodes_cpu
        fleet.stop_nodes(names)
        rate = PROJECTS * SHOTS / took
        ideal = count * SLOTS / hold
        base = base or rate
        lost = PROJECTS * SHOTS - int(str(fleet.query(
            f"SELECT count(*) FROM studio_task WHERE {where} AND status='SUCCESS'", *args
        )[0][0]))  # fmt: skip
        jobs = PROJECTS * SHOTS
        print(
            f"   {count} node(s): {jobs} jobs in {took:.1f} s, {rate:.2f} jobs/s "
            f"({rate / ideal:.0%} of ideal), lost {lost}; CPU per job: server "
            f"{1000 * server_cpu / jobs:.1f} ms, nodes {1000 * nodes_cpu / jobs:.1f} ms; "
            f"the machine's {os.cpu_count()} cores "
            f"{(busy_after - busy) / (total_after - total):.0%} busy"
        )
        print("   " + _where_the_time_went(fleet, ids, started_utc))
        print(f"RATIO throughput {count} nodes / 1 node: {rate / base:.2f}  "
              f"(target >= {0.9 * count:.1f})")  # fmt: skip


def _where_the_time_went(fleet: Fleet, ids: list[int], started: datetime) -> str:
    """When the jobs were made, first leased and finished, from the start of the run."""
    marks = ",".join("?" * len(ids))
    rows = fleet.query(
        "SELECT j.created_at, j.leased_at, j.finished_at, n.name FROM studio_job j "
        "JOIN studio_task t ON j.task_id = t.id LEFT JOIN studio_node n ON j.node_id = n.id "
        f"WHERE t.type='keyframe' AND t.project_id IN ({marks})",
        *ids,
    )

    def at(value: object) -> float:
        moment = datetime.fromisoformat(str(value)).replace(tzinfo=timezone.utc)
        return (moment - started).total_seconds()

    made = [at(row[0]) for row in rows]
    leased = [at(row[1]) for row in rows]
    finished = [at(row[2]) for row in rows if row[2] is not None]
    per_node: dict[str, int] = {}
    for row in rows:
        per_node[str(row[3])] = per_node.get(str(row[3]), 0) + 1
    return (
        f"jobs made {min(made):.2f}-{max(made):.2f} s, leased {min(leased):.2f}-"
        f"{max(leased):.2f} s, finished by {max(finished):.2f} s; jobs a node "
        f"{min(per_node.values())}-{max(per_node.values())}"
    )


def overhead(fleet: Fleet, keys: dict[str, str]) -> None:
    """The bench plays one node: 100 waiting jobs, leased one at a time, uploaded, completed."""
    print("2. lease overhead: the bench plays a node; 104 jobs wait; it leases them one at a "
          "time and sends a PNG with each outcome (in turn: in one request, in two)")  # fmt: skip
    from PIL import Image

    image = io.BytesIO()
    Image.new("RGB", (16, 9), (90, 90, 90)).save(image, format="PNG")
    node = httpx.Client(
        base_url=fleet.stack.url, headers={"Authorization": f"Bearer {keys['bench']}"},
        timeout=30,
    )  # fmt: skip
    from storyreel.contract import BackendInfo, Capabilities

    capabilities = Capabilities(
        version="bench", devices=["cpu"], voices=[],
        backends=[BackendInfo(stage=TaskType.KEYFRAME, name="hold", default=False,
                              available=True, loaded=False, device="cpu")],
    )  # fmt: skip
    node.post(
        "/api/node/register", json={"capabilities": capabilities.model_dump(mode="json")}
    ).raise_for_status()
    # storyboards by a node with only the planner: the keyframes wait for the bench alone
    fleet.start_node("overhead-planner", keys["overhead-planner"],
                     {"STORYREEL_NODE_BACKENDS": "storyboard.planner"})  # fmt: skip
    fleet.wait_registered(["overhead-planner"])
    fleet.generate(fleet.projects(13), "hold")  # 104 jobs wait
    # jobs in turn: the result and its outcome in one request (how nodes send them), and
    # the result uploaded first and then the outcome (two requests, still accepted)
    leases: list[float] = []
    together: list[float] = []  # complete with the file
    apart: list[tuple[float, float]] = []  # upload, complete
    server = fleet.stack.processes["server"].pid
    cpu = {True: 0.0, False: 0.0}
    while True:
        started = time.perf_counter()
        answer = node.post("/api/node/lease", json={"slots": 1, "wait_s": 0})
        leases.append((time.perf_counter() - started) * 1000)
        if not answer.json()["jobs"]:
            leases.pop()
            break
        (job,) = answer.json()["jobs"]
        one_request = len(leases) % 2 == 1
        server_cpu = _cpu_s(server)
        started = time.perf_counter()
        if not one_request:
            put = node.put(job["upload"]["url"], content=image.getvalue(),
                           headers={"Content-Type": "image/png"})  # fmt: skip
            uploaded = (time.perf_counter() - started) * 1000
        outcome = WebhookPayload(
            task_id=job["job_id"], task_type=TaskType.KEYFRAME, status=TaskStatus.SUCCESS,
            backend="hold", finished_at=datetime.now(timezone.utc),
            result=KeyframeResult(uri=job["upload"]["key"], width=16, height=9, backend="hold"),
        )  # fmt: skip
        completing = time.perf_counter()
        path = f"/api/node/leases/{job['lease_id']}/complete"
        message = LeaseOutcome(outcome=outcome).model_dump_json()
        if one_request:
            node.post(path, data={"outcome": message},
                      files={"result": ("r.png", image.getvalue(), "image/png")},
                      ).raise_for_status()  # fmt: skip
            together.append((time.perf_counter() - started) * 1000)
        else:
            assert put.json()["key"] == job["upload"]["key"]
            node.post(path, content=message, headers={"Content-Type": "application/json"},
                      ).raise_for_status()  # fmt: skip
            apart.append((uploaded, (time.perf_counter() - completing) * 1000))
        cpu[one_request] += _cpu_s(server) - server_cpu
    node.close()
    fleet.stop_nodes(["overhead-planner"])
    one = statistics.median(together)
    two = statistics.median(a + b for a, b in apart)
    print(f"   lease p50 {statistics.median(leases):.1f} ms; the result and outcome in one "
          f"request p50 {one:.1f} ms; upload then outcome p50 "
          f"{statistics.median(a for a, _ in apart):.1f} + "
          f"{statistics.median(b for _, b in apart):.1f} = {two:.1f} ms "
          f"({len(together)} and {len(apart)} jobs)")  # fmt: skip
    print(f"   server CPU per result: one request {1000 * cpu[True] / len(together):.1f} ms, "
          f"two {1000 * cpu[False] / len(apart):.1f} ms")  # fmt: skip
    print(f"RATIO one request / two, wall p50: {one / two:.2f}; server CPU: "
          f"{cpu[True] / len(together) / (cpu[False] / len(apart)):.2f}")  # fmt: skip
    print(f"RATIO lease p50 / 20 ms: {statistics.median(leases) / 20:.2f}  (target <= 1)")


def kill(fleet: Fleet, keys: dict[str, str], hold: float) -> None:
    print(f"3. 4 nodes x {SLOTS} slots, 2 killed (SIGKILL) a third of the way through; "
          f"lease TTL {LEASE_TTL_S:g} s")  # fmt: skip
    env = {"STORYREEL_NODE_HOLD_S": str(hold), "STORYREEL_NODE_BACKENDS": HOLD_BACKENDS}
    names = [f"kill-{i}" for i in range(4)]
    for name in names:
        fleet.start_node(name, keys[name], env)
    fleet.wait_registered(names)
    ids = fleet.projects(PROJECTS)
    where, args = fleet.keyframes_since(ids)
    fleet.generate(ids, "hold")
    total = PROJECTS * SHOTS
    while int(str(fleet.query(
        f"SELECT count(*) FROM studio_task WHERE {where} AND status='SUCCESS'", *args
    )[0][0])) < total // 3:  # fmt: skip
        time.sleep(0.05)
    doomed = names[:2]
    held = fleet.query(
        "SELECT j.id FROM studio_job j JOIN studio_node n ON j.node_id = n.id "
        "WHERE j.state='leased' AND n.name IN (?, ?)",
        *doomed,
    )
    del held  # (what they held is read after the kill: a job may finish in between)
    killed_at = datetime.now(timezone.utc)
    fleet.stop_nodes(doomed, kill=True)
    time.sleep(0.5)  # a completion already on its way lands or not; then nothing changes
    held = fleet.query(
        "SELECT j.id FROM studio_job j JOIN studio_node n ON j.node_id = n.id "
        "WHERE j.state='leased' AND n.name IN (?, ?)",
        *doomed,
    )
    fleet.wait_tasks(where, total, 600, *args)
    fleet.stop_nodes(names[2:])
    marks = ",".join("?" * len(held))
    again = fleet.query(
        f"SELECT j.leased_at, n.name FROM studio_job j JOIN studio_node n ON j.node_id = n.id "
        f"WHERE j.id IN ({marks})",
        *[row[0] for row in held],
    )
    waits = [
        (datetime.fromisoformat(str(at)).replace(tzinfo=timezone.utc) - killed_at).total_seconds()
        for at, _name in again
    ]
    survivors = {str(name) for _at, name in again}
    ok = int(str(fleet.query(
        f"SELECT count(*) FROM studio_task WHERE {where} AND status='SUCCESS'", *args
    )[0][0]))  # fmt: skip
    print(f"   {ok}/{total} jobs SUCCESS, lost {total - ok}; the {len(held)} jobs the killed "
          f"nodes held were leased again by {sorted(survivors)} after {min(waits):.1f} to "
          f"{max(waits):.1f} s")  # fmt: skip
    print(f"RATIO requeue max / (TTL + 5 s): {max(waits) / (LEASE_TTL_S + 5):.2f}  (target <= 1)")


def join(fleet: Fleet, keys: dict[str, str], hold: float) -> None:
    print(f"4. a node joining a run with jobs waiting (long poll {LONG_POLL_S:g} s)")
    env = {"STORYREEL_NODE_HOLD_S": str(hold), "STORYREEL_NODE_BACKENDS": HOLD_BACKENDS}
    fleet.start_node("join-0", keys["join-0"], env)
    fleet.wait_registered(["join-0"])
    ids = fleet.projects(4)
    where, args = fleet.keyframes_since(ids)
    fleet.generate(ids, "hold")
    time.sleep(2 * hold)
    fleet.start_node("join-1", keys["join-1"], env)
    fleet.wait_registered(["join-1"])
    # when it registered, by the server's clock (a lease within 5 s does not move it)
    ((seen,),) = fleet.query("SELECT last_seen FROM studio_node WHERE name='join-1'")
    registered = datetime.fromisoformat(str(seen)).replace(tzinfo=timezone.utc)
    fleet.wait_tasks(where, 4 * SHOTS, 300, *args)
    fleet.stop_nodes(["join-0", "join-1"])
    ((first,),) = fleet.query(
        "SELECT min(j.leased_at) FROM studio_node n JOIN studio_job j ON j.node_id = n.id "
        "WHERE n.name = 'join-1'"
    )
    if first is None:
        raise SystemExit("the joining node took no job")
    took = datetime.fromisoformat(str(first)).replace(tzinfo=timezone.utc) - registered
    seconds = max(0.0, took.total_seconds())
    print(f"   it took its first job {seconds:.3f} s after it registered")
    print(f"RATIO first job / long poll: {seconds / LONG_POLL_S:.2f}  (target <= 1)")


def mixed(fleet: Fleet, keys: dict[str, str]) -> None:
    print("5. mixed fleet, real backends: only piper, only sketch, both (+ the planner); "
          f"3 projects x {SHOTS} shots, images and narration")  # fmt: skip
    fleets = {
        "mixed-piper": "narration.piper",
        "mixed-sketch": "storyboard.planner,keyframe.sketch",
        "mixed-both": "narration.piper,keyframe.sketch",
    }
    for name, backends in fleets.items():
        fleet.start_node(name, keys[name], {"STORYREEL_NODE_BACKENDS": backends}, slots=1)
    fleet.wait_registered(list(fleets))
    ids = fleet.projects(3)
    fleet.generate(ids, "")
    for project in ids:
        shots = fleet.api.get(f"/api/projects/{project}/storyboard").json()["shots"]
        for shot in shots:
            fleet.api.post(f"/api/shots/{shot['id']}/generate_narration").raise_for_status()
    marks = ",".join("?" * len(ids))
    started = time.perf_counter()
    fleet.wait_tasks(
        f"type IN ('keyframe','narration') AND project_id IN ({marks})", 2 * 3 * SHOTS, 600, *ids
    )
    took = time.perf_counter() - started
    fleet.stop_nodes(list(fleets))
    rows = fleet.query(
        f"SELECT type, node, count(*) FROM studio_task WHERE project_id IN ({marks}) "
        "AND type IN ('keyframe','narration') GROUP BY type, node ORDER BY type, node",
        *ids,
    )
    wrong = [
        (kind, node, n) for kind, node, n in rows
        if str(kind).replace("keyframe", "keyframe.sketch").replace("narration", "narration.piper")
        not in fleets[str(node)]
    ]  # fmt: skip
    print("   " + "; ".join(f"{kind} on {node}: {n}" for kind, node, n in rows)
          + f" ({took:.1f} s)")  # fmt: skip
    print(f"RATIO jobs on a node without their backend: {len(wrong)}  (target 0)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hold", type=float, default=1.0, help="pretend model time per job")
    parser.add_argument("--only", default="scale,overhead,kill,join,mixed")
    parser.add_argument("--nodes", default="1,2,4,8", help="fleet sizes for the throughput")
    args = parser.parse_args()
    wanted = set(args.only.split(","))
    folder = Path(tempfile.mkdtemp(prefix="storyreel-fleet-"))
    stack = EmbeddedStack(
        StackPorts(server=free_port(), node=free_port()),
        extra_env={
            "STORYREEL_DATA_DIR": str(folder / "data"),
            "STORYREEL_LEASE_TTL_S": str(LEASE_TTL_S),
            "STORYREEL_THROTTLE_USER": "1000000/minute",
        },
        log_path=folder / "stack.log",
        with_node=False,
    )
    print(f"fleet bench: server + worker (no node) and pull-node processes; logs in {folder}")
    names = (
        [f"scale{c}-{i}" for c in (1, 2, 4, 8, 16) for i in range(c)]
        + [f"kill-{i}" for i in range(4)] + ["join-0", "join-1", "bench", "overhead-planner"]
        + ["mixed-piper", "mixed-sketch", "mixed-both"]
    )  # fmt: skip
    with stack:
        fleet = Fleet(stack, folder)
        keys = fleet.add_keys(names)
        if "scale" in wanted:
            scale(fleet, keys, args.hold, [int(n) for n in args.nodes.split(",")])
        if "overhead" in wanted:
            overhead(fleet, keys)
        if "kill" in wanted:
            kill(fleet, keys, args.hold)
        if "join" in wanted:
            join(fleet, keys, args.hold)
        if "mixed" in wanted:
            mixed(fleet, keys)


if __name__ == "__main__":
    main()
