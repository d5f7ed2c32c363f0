"""Every task ends, whatever crashes: 20 projects of 8 shots through `storyreel up` while the
model node, the worker and the server are each killed (SIGKILL) once and started again.

Prints tasks created / ended / stuck / lost, then how many of the failed ones one `retry`
brings to SUCCESS. Bounded: loopback only, at most about ten minutes.

Run: .venv/bin/python bench/fault_bench.py
"""

from __future__ import annotations

import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import httpx

from storyreel.devtools.stack import EmbeddedStack, StackPorts, free_port

PROJECTS = 20
STORY = "\n\n".join(
    [
        "The lighthouse keeper climbed the narrow stairs as the storm rolled in.",
        "Far below, the waves broke white against the black rocks of the point.",
        "He wiped the salt from the great lens and struck a match with cold fingers.",
        "The lamp caught, and a long beam swept out across the dark water.",
        "Somewhere beyond the rain a small fishing boat searched for the harbour.",
        "Its captain saw the beam and followed the light home.",
        "At dawn the keeper found a basket of fresh bread at his door.",
        "He smiled, climbed the stairs again, and put out the lamp for the day.",
    ]
)
DEADLINE_S = 20  # short, so the sweep ends what the crashes left behind within the run


def _reasons(client: httpx.Client, task_ids: list[str]) -> str:
    found = Counter(
        client.get(f"/api/tasks/{t}/status").json()["err_msg"].split(";")[0][:70] for t in task_ids
    )
    return "; ".join(f"{count} x {reason}" for reason, count in found.most_common(4))


def _statuses(client: httpx.Client, task_ids: list[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for task_id in task_ids:
        for _ in range(30):  # the server may be down for a moment: ask again
            try:
                answer = client.get(f"/api/tasks/{task_id}/status")
            except httpx.HTTPError:
                time.sleep(0.5)
                continue
            found[task_id] = answer.json()["status"] if answer.status_code == 200 else "LOST"
            break
    return found


def _wait_ended(client: httpx.Client, task_ids: list[str], timeout: float) -> dict[str, str]:
    deadline = time.monotonic() + timeout
    while True:
        states = _statuses(client, task_ids)
        if all(s in ("SUCCESS", "FAILED", "LOST") for s in states.values()) or (
            time.monotonic() > deadline
        ):
            return states
        time.sleep(1.0)


def _post(client: httpx.Client, path: str, **kwargs: object) -> httpx.Response:
    for _ in range(60):
        try:
            return client.post(path, **kwargs)  # type: ignore[arg-type]
        except httpx.HTTPError:
            time.sleep(0.5)  # the server is being restarted
    raise RuntimeError(f"the server did not come back for {path}")


def main() -> None:
    data = Path(tempfile.mkdtemp(prefix="storyreel-faults-"))
    stack = EmbeddedStack(
        StackPorts(server=free_port(), node=free_port()),
        extra_env={
            "STORYREEL_DATA_DIR": str(data),
            "STORYREEL_CACHE_DIR": str(data / "cache"),
            "STORYREEL_TASK_DEADLINE_S": str(DEADLINE_S),
            "STORYREEL_SWEEP_S": "2",
            "STORYREEL_THROTTLE_USER": "1000000/minute",
            "STORYREEL_NODE_RETRIES": "3",
        },
        log_path=data / "stack.log",
    )
    started = time.monotonic()
    with stack:
        client = httpx.Client(
            base_url=stack.url, headers={"Authorization": f"Token {stack.token}"}, timeout=60
        )
        created = [
            _post(
                client, "/api/projects/create", json={"title": f"fault {n}", "story": STORY}
            ).json()
            for n in range(PROJECTS)
        ]
        boards = [c["task"]["task_id"] for c in created]
        _wait_ended(client, boards, 300)
        tasks = list(boards)

        def crashes() -> None:  # one of each while the images and narration run
            for name, pause in (("node", 3.0), ("worker", 6.0), ("server", 6.0)):
                time.sleep(pause)
                stack.kill(name)
                print(f"  killed the {name} at {time.monotonic() - started:.0f} s", flush=True)
                time.sleep(2.0)
                stack.revive(name)

        chaos = threading.Thread(target=crashes)
        chaos.start()
        for item in created:
            project_id = item["project"]["id"]
            images = _post(client, f"/api/projects/{project_id}/generate_images").json()
            tasks += [t["task_id"] for t in images]
            shots = client.get(f"/api/projects/{project_id}/storyboard").json()["shots"]
            tasks += [
                _post(client, f"/api/shots/{s['id']}/generate_narration").json()["task_id"]
                for s in shots
            ]
        chaos.join()
        states = _wait_ended(client, tasks, DEADLINE_S * 4 + 120)
        ended = sum(1 for s in states.values() if s in ("SUCCESS", "FAILED"))
        stuck = sum(1 for s in states.values() if s in ("PENDING", "RUNNING"))
        lost = sum(1 for s in states.values() if s == "LOST") + len(tasks) - len(states)
        failed = [t for t, s in states.items() if s == "FAILED"]
        print(
            f"{PROJECTS} projects: {len(tasks)} tasks created, {ended} ended "
            f"({len(failed)} FAILED), {stuck} stuck, {lost} lost, in "
            f"{time.monotonic() - started:.0f} s"
        )
        print(f"RATIO tasks ended / created: {ended / len(tasks):.2f}  (target 1.00)")
        print(f"RATIO stuck + lost: {stuck + lost}  (target 0)")
        if failed:
            print(f"  why: {_reasons(client, failed)}")
        retried = [_post(client, f"/api/tasks/{t}/retry").json()["task_id"] for t in failed]
        again = _wait_ended(client, retried, DEADLINE_S * 2 + 120)
        good = sum(1 for s in again.values() if s == "SUCCESS")
        still = [t for t, s in again.items() if s != "SUCCESS"]
        if still:
            print(f"  why not: {_reasons(client, still)}")
        print(f"one retry each: {good}/{len(retried)} of the failed tasks SUCCESS")
        if retried:
            print(f"RATIO retried tasks SUCCESS: {good / len(retried):.2f}  (target 1.00)")


if __name__ == "__main__":
    main()
