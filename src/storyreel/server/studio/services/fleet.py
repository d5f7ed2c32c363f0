"""The fleet of pull nodes: their keys, the registry, the job queue and its leases.

With STORYREEL_NODE_URL empty the server calls no node: every model task becomes a Job that
waits in its queue (stage and backend, e.g. `keyframe.diffusers`) until a registered node that
can run it leases it. A lease lasts STORYREEL_LEASE_TTL_S and the node renews it while it
works; one that runs out (the node died, lost its network, was killed) puts the job back in
its queue for the next node. Leasing is a compare-and-set on the job's row, so two nodes never
hold one job, on SQLite, PostgreSQL and MariaDB alike.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import re
import secrets
import threading
import time
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import IO, Any, cast

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone

from storyreel.contract import Capabilities, TaskStatus, TaskType, WebhookPayload
from storyreel.contract.fleet import (
    NODE_KEY_PREFIX,
    LeasedJob,
    NodeInfo,
    NodeRegistration,
    UploadTarget,
    route_name,
)
from storyreel.server.studio.errors import ApplicationError
from storyreel.server.studio.events import publish_shot, publish_task
from storyreel.server.studio.media import node_input_url, presigned_put
from storyreel.server.studio.models import Job, JobState, Node, Task
from storyreel.server.studio.services.tasks import (
    task_deadline,
    webhook_task_complete,
)

log = logging.getLogger(__name__)

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
_SUFFIX = {TaskType.KEYFRAME: ".png", TaskType.NARRATION: ".wav", TaskType.MOTION: ".mp4"}
UPLOAD_ROOT = "node-results"
MAX_UPLOAD_BYTES = 256 * 1024 * 1024
_SEEN_EVERY_S = 5.0
_LIVE_NODES_EVERY_S = 1.0
# what a lease reads of a job and its task (the task's for its event)
_LEASED_FIELDS = (
    "id", "stage", "backend", "voice", "language", "payload", "state", "created_at",
    "task__id", "task__type", "task__status", "task__project_id", "task__shot_id",
    "task__err_msg",
)  # fmt: skip
_SPARE = 8  # jobs a lease reads beyond its slots (another node may take some first)


def pull_mode() -> bool:
    """True when the server pushes to no node URL: pull nodes do the model work."""
    from storyreel.server.studio.node_client import node_urls

    return not node_urls()


# --- keys -----------------------------------------------------------------------------


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def node_add(*, name: str) -> tuple[Node, str]:
    """A new node and its key (shown once; only its hash is kept). A revoked name gets a
    new key; a name in use is refused."""
    if not _NAME.match(name):
        raise ApplicationError(
            f"invalid node name {name!r}: letters, digits, '.', '_' and '-', up to 64",
            code="invalid_request",
        )
    key = NODE_KEY_PREFIX + secrets.token_urlsafe(32)
    node = Node.objects.filter(name=name).first()
    if node is not None and node.revoked_at is None:
        raise ApplicationError(
            f"a node named {name!r} exists; revoke it first or choose another name",
            code="node_exists",
        )
    if node is None:
        node = Node.objects.create(name=name, key_hash=_hash(key))
    else:
        node.key_hash, node.revoked_at = _hash(key), None
        node.save(update_fields=["key_hash", "revoked_at"])
    return node, key


def node_revoke(*, name: str) -> Node:
    """Refuse the node's key from now on; the jobs it holds go back to their queues."""
    with transaction.atomic():
        node = Node.objects.filter(name=name).first()
        if node is None:
            raise ApplicationError(f"no node named {name!r}", code="not_found")
        node.revoked_at = timezone.now()
        node.save(update_fields=["revoked_at"])
        _fleet_changed()
        held = list(Job.objects.filter(node=node, state=JobState.LEASED))
    for job in held:
        _requeue(job, f"node {name} was revoked")
    return node


def node_authenticate(key: str) -> Node:
    """The node holding this key; ApplicationError (401) for unknown or revoked keys."""
    node = Node.objects.filter(key_hash=_hash(key)).first()
    if node is None:
        raise ApplicationError("unknown node key", code="bad_node_key")
    if node.revoked_at is not None:
        raise ApplicationError(
            f"the key of node {node.name!r} was revoked; ask for a new one "
            f"(storyreel nodes add {node.name})",
            code="bad_node_key",
        )
    return node


# --- the registry ---------------------------------------------------------------------


def node_routes(capabilities: Capabilities) -> list[str]:
    """What a node can run: each available backend, and `<stage>.default` for a stage
    whose default backend is available."""
    routes = set()
    for backend in capabilities.backends:
        if backend.available:
            routes.add(route_name(backend.stage, backend.name))
            if backend.default:
                routes.add(route_name(backend.stage, None))
    return sorted(routes)


def node_register(*, node: Node, registration: NodeRegistration, address: str) -> Node:
    node.capabilities = registration.capabilities.model_dump(mode="json")
    node.routes = node_routes(registration.capabilities)
    node.slots = registration.slots
    node.address = address[:100]
    node.last_seen = timezone.now()
    node.save(update_fields=["capabilities", "routes", "slots", "address", "last_seen"])
    _fleet_changed()
    log.info("node %s registered from %s: %s", node.name, address, ", ".join(node.routes))
    return node


def _live_since() -> datetime:
    return timezone.now() - timedelta(seconds=settings.STORYREEL_NODE_LIVE_S)


def live_nodes() -> list[Node]:
    return list(
        Node.objects.filter(revoked_at__isnull=True, last_seen__gte=_live_since()).exclude(
            routes=[]
        )
    )


def nodes_list() -> list[NodeInfo]:
    """Every pull node (revoked ones too) and every push URL, as the registry sees them."""
    since = _live_since()
    running = dict(
        Job.objects.filter(state=JobState.LEASED)
        .values_list("node_id")
        .annotate(n=Count("id"))
        .values_list("node_id", "n")
    )
    infos = [
        NodeInfo(
            name=node.name,
            mode="pull",
            live=node.revoked_at is None and node.last_seen is not None and node.last_seen >= since,
            revoked=node.revoked_at is not None,
            routes=list(node.routes),
            slots=node.slots,
            running=running.get(node.id, 0),
            jobs_done=node.jobs_done,
            failures=node.failures,
            last_seen=node.last_seen,
            address=node.address,
        )
        for node in Node.objects.all()
    ]
    from storyreel.server.studio.node_client import node_answers, node_urls

    for url in node_urls():
        done = Task.objects.filter(node=url, status=TaskStatus.SUCCESS).count()
        failed = Task.objects.filter(node=url, status=TaskStatus.FAILED).count()
        live = node_answers(url)
        infos.append(
            NodeInfo(
                name=url,
                mode="push",
                live=live,
                routes=[],
                jobs_done=done,
                failures=failed,
                address=url,
            )
        )
    return infos


def queue_depths() -> dict[str, int]:
    """Waiting jobs per queue (`keyframe.sketch`: 12)."""
    rows = (
        Job.objects.filter(state=JobState.WAITING)
        .values_list("stage", "backend")
        .annotate(n=Count("id"))
    )
    return {route_name(TaskType(stage), backend or None): n for stage, backend, n in rows}


# --- routing --------------------------------------------------------------------------


def _can_run(node: Node, job: Job) -> bool:
    # narration without a named backend goes by voice: whichever backend speaks it
    by_voice_only = job.stage is TaskType.NARRATION and not job.backend
    if not by_voice_only and route_name(job.stage, job.backend or None) not in node.routes:
        return False
    if job.stage is TaskType.NARRATION:
        voices = node.capabilities.get("voice_info", [])
        if job.voice:
            return any(v.get("name") == job.voice for v in voices)
        return any(v.get("language") == job.language for v in voices)
    return True


def _runnable(node: Node) -> Q:
    """The jobs a node can run, as a filter (the database picks them; `_can_run` checks
    each again)."""
    wanted = Q(pk__in=[])
    by_stage: dict[str, list[str]] = {}
    for route in node.routes:
        stage, _, backend = route.partition(".")
        by_stage.setdefault(stage, []).append("" if backend == "default" else backend)
    for stage, backends in by_stage.items():
        if stage != TaskType.NARRATION.value:
            wanted |= Q(stage=stage, backend__in=backends)
    voices = node.capabilities.get("voice_info", [])
    if voices:
        names = [str(v.get("name")) for v in voices]
        languages = sorted({str(v.get("language")) for v in voices})
        speaking = by_stage.get(TaskType.NARRATION.value, [])
        wanted |= Q(stage=TaskType.NARRATION.value, backend__in=["", *speaking]) & (
            Q(voice__in=names) | Q(voice="", language__in=languages)
        )
    return wanted


def _route_words(job: Job) -> str:
    if job.stage is TaskType.NARRATION and not job.backend:
        who = f"the voice {job.voice!r}" if job.voice else f"a {job.language} voice"
        return f"narration with {who}"
    return f"{job.backend or 'default'} {job.stage.value} jobs"


# (when it was read, the live nodes) as the last offer saw them; -inf: read at the next offer
_live_seen: tuple[float, list[Node]] = (float("-inf"), [])


def _live_nodes_lately() -> list[Node]:
    """The live nodes, read at most once a second per process (a project's shots offer
    their jobs together, and every lease for a job ahead counts their slots); a node that
    comes or goes here reads them again."""
    global _live_seen
    read, nodes = _live_seen
    if time.monotonic() - read < _LIVE_NODES_EVERY_S:
        return nodes
    nodes = live_nodes()
    _live_seen = (time.monotonic(), nodes)
    return nodes


def no_node_message(job: Job) -> str | None:
    """Why no live node can run this job, with what to do; None when one can."""
    if any(_can_run(node, job) for node in live_nodes()):
        return None
    return (
        f"no node can run {_route_words(job)} ({route_name(job.stage, job.backend or None)}); "
        "start one that has it: `storyreel nodes add NAME` on the server, then "
        "`storyreel node --server URL --node-key KEY` on the node's machine"
    )


def _job_for(task: Task) -> Job:
    payload = dict(task.payload)
    return Job(
        task=task,
        stage=task.type,
        backend=task.backend,
        voice=str(payload.get("voice") or "") if task.type is TaskType.NARRATION else "",
        language=str(payload.get("language") or "") if task.type is TaskType.NARRATION else "",
        payload=payload,
    )


def job_offer(*, task: Task) -> str | None:
    """Queue a model task for the pull nodes (in the caller's transaction). Returns why no
    live node can run it (the task is failed with that message), else None."""
    job = _job_for(task)
    # a node seen lately will do (a "no" is read fresh: a node that registered in another
    # server process a moment ago counts; the sweep reads fresh too)
    lately = any(_can_run(node, job) for node in _live_nodes_lately())
    reason = None if lately else no_node_message(job)
    if reason is not None:
        task.status, task.err_msg = TaskStatus.FAILED, reason
        task.save(update_fields=["status", "err_msg", "updated_at"])
        if task.shot is not None:
            task.shot.status = TaskStatus.FAILED
            task.shot.save(update_fields=["status", "updated_at"])
            transaction.on_commit(lambda: publish_shot(task.shot))  # type: ignore[arg-type]
        return reason
    job.save()
    transaction.on_commit(JOBS_OFFERED.ring)
    return None


class JobBell:
    """Wakes this process's long polls when a job is offered or handed back here, so a
    waiting node takes it at once instead of at its next ask (STORYREEL_LEASE_POLL_S). A
    job offered by another process (a worker, the sweep) is found by that next ask."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._waiting: set[tuple[asyncio.AbstractEventLoop, asyncio.Future[None]]] = set()
        self._rung_at = float("-inf")

    def ring(self) -> None:
        """From any thread."""
        with self._lock:
            self._rung_at = time.monotonic()
            waiting, self._waiting = self._waiting, set()
        for loop, rung in waiting:
            loop.call_soon_threadsafe(_wake, rung)

    def rang_within(self, seconds: float) -> bool:
        """Whether a job was offered here lately (the queue is being filled)."""
        return time.monotonic() - self._rung_at < seconds

    async def wait(self, timeout: float) -> None:
        """Until the bell rings or `timeout` seconds pass."""
        loop = asyncio.get_running_loop()
        rung: asyncio.Future[None] = loop.create_future()
        with self._lock:
            self._waiting.add((loop, rung))
        try:
            await asyncio.wait({rung}, timeout=timeout)
        finally:
            with self._lock:
                self._waiting.discard((loop, rung))


def _wake(rung: asyncio.Future[None]) -> None:
    if not rung.done():
        rung.set_result(None)


JOBS_OFFERED = JobBell()


# --- leases ---------------------------------------------------------------------------


def _available(now: datetime) -> Q:
    return Q(state=JobState.WAITING) | Q(state=JobState.LEASED, lease_until__lt=now)


def _upload_target(job: Job, lease_id: str, server_url: str) -> UploadTarget | None:
    suffix = _SUFFIX.get(job.stage)
    if suffix is None:
        return None
    key = f"{UPLOAD_ROOT}/{lease_id}{suffix}"
    presigned = presigned_put(key)
    if presigned:
        return UploadTarget(url=presigned, server=False, key=key)
    return UploadTarget(url=f"{server_url}/api/node/leases/{lease_id}/result", key=key)


def jobs_lease(*, node: Node, slots: int, server_url: str, ahead: int = 0) -> list[LeasedJob]:
    """Lease up to `slots` jobs this node can run, oldest first (no waiting: the API's long
    poll asks again). A lease that ran out counts as waiting.

    `ahead` of the slots are busy on the node: jobs for them are leased only while more jobs
    wait than the live fleet has slots, so at the end of a queue every job goes to a node
    with a free slot instead of waiting behind a running one."""
    now = timezone.now()
    _seen(node, now)
    if ahead and not _queue_deeper_than_fleet(node, now, slots):
        slots -= ahead
        if slots <= 0:
            return []
    candidates = (
        Job.objects.filter(_available(now) & _runnable(node))
        .select_related("task")
        .only(*_LEASED_FIELDS)
        .order_by("created_at")[: slots + _SPARE]
    )
    ttl = settings.STORYREEL_LEASE_TTL_S
    leased: list[LeasedJob] = []
    for job in candidates:
        if len(leased) >= slots:
            break
        if job.task is not None and job.task.status.is_final:
            Job.objects.filter(id=job.id).update(state=JobState.DONE, finished_at=now)
            continue  # its task ended meanwhile (failed at its deadline, project deleted)
        if not _can_run(node, job):
            continue
        lease_id = secrets.token_hex(16)
        until = now + timedelta(seconds=ttl)
        taken = Job.objects.filter(Q(id=job.id) & _available(now)).update(
            state=JobState.LEASED,
            node=node,
            lease_id=lease_id,
            lease_until=until,
            leased_at=now,
            attempts=F("attempts") + 1,
        )
        if not taken:
            continue  # another node took it first
        if job.state == JobState.LEASED:
            log.warning("job %s: its lease ran out; now leased by %s", job.id, node.name)
        if job.task is not None:
            _task_running(job.task, node)
        payload = job.payload
        if job.stage is TaskType.MOTION and job.task is not None and job.task.shot_id:
            # the keyframe to animate, at an address this node reaches: the one it called
            from storyreel.server.studio.models import Shot

            image = Shot.everything.filter(id=job.task.shot_id).values_list("image", flat=True)
            payload = {**payload, "image_uri": node_input_url(str(image[0]), base=server_url)}
        leased.append(
            LeasedJob(
                lease_id=lease_id,
                job_id=str(job.id),
                stage=job.stage,
                backend=job.backend or None,
                payload=payload,
                lease_until=until,
                lease_ttl_s=ttl,
                upload=_upload_target(job, lease_id, server_url),
            )
        )
    return leased


def _live_fleet_slots() -> int:
    """The live fleet's slots (as `_live_nodes_lately` read them): they change when a node
    comes or goes, and every lease for a job ahead asks."""
    return sum(node.slots for node in _live_nodes_lately())


def _fleet_changed() -> None:
    """A node came or went here: read the live nodes again at the next ask."""
    global _live_seen
    _live_seen = (float("-inf"), [])


def _queue_deeper_than_fleet(node: Node, now: datetime, asked: int) -> bool:
    """More jobs wait for this node's routes than the live fleet's slots (and this ask)."""
    deep = _live_fleet_slots() + asked
    waiting = Job.objects.filter(_available(now) & _runnable(node)).order_by()[:deep].count()
    return bool(waiting >= deep)


def _seen(node: Node, now: datetime) -> None:
    """Note that the node called in (a write at most every few seconds: idle nodes poll
    several times a second)."""
    if node.last_seen is None or (now - node.last_seen).total_seconds() > _SEEN_EVERY_S:
        Node.objects.filter(id=node.id).update(last_seen=now)
        node.last_seen = now


def _task_running(task: Task, node: Node) -> None:
    with transaction.atomic():
        updated = Task.objects.filter(
            id=task.id, status__in=[TaskStatus.PENDING, TaskStatus.RUNNING]
        ).update(
            status=TaskStatus.RUNNING,
            attempts=F("attempts") + 1,
            deadline=task_deadline(),
            node=node.name,
            started_at=timezone.now(),
            updated_at=timezone.now(),
        )
        if updated and task.shot_id is not None:
            from storyreel.server.studio.models import Shot

            Shot.objects.filter(id=task.shot_id).update(status=TaskStatus.RUNNING)
    if updated:  # the event from what was written (no read back)
        task.status, task.node, task.err_msg = TaskStatus.RUNNING, node.name, ""
        publish_task(task)


def _held(node: Node, lease_id: str) -> Job:
    job = (
        Job.objects.filter(lease_id=lease_id, node=node, state=JobState.LEASED)
        .only("id", "stage", "task_id", "lease_id")
        .order_by()
        .first()
    )
    if job is None:
        raise ApplicationError(
            "this lease is no longer yours (it ran out and the job went to another node, "
            "or it was completed); drop the job",
            code="lease_lost",
        )
    return job


def lease_heartbeat(*, node: Node, lease_id: str) -> datetime:
    """Renew a lease for another STORYREEL_LEASE_TTL_S; lease_lost (409) when it is gone."""
    now = timezone.now()
    until = now + timedelta(seconds=settings.STORYREEL_LEASE_TTL_S)
    renewed = Job.objects.filter(lease_id=lease_id, node=node, state=JobState.LEASED).update(
        lease_until=until
    )
    if not renewed:
        _held(node, lease_id)  # raises lease_lost
    _seen(node, now)
    return until


def lease_upload(*, node: Node, lease_id: str, stream: Any) -> str:
    """Keep a leased job's result file (local storage); its storage name."""
    job = _held(node, lease_id)
    suffix = _SUFFIX.get(job.stage)
    if suffix is None:
        raise ApplicationError(f"a {job.stage.value} job has no result file", code="bad_result")
    key = f"{UPLOAD_ROOT}/{lease_id}{suffix}"
    if default_storage.exists(key):
        default_storage.delete(key)  # an upload tried again
    return default_storage.save(
        key, File(cast(IO[bytes], _Bounded(stream, MAX_UPLOAD_BYTES)), name=key)
    )


class _Bounded:
    """A request body read in chunks, refused past a size."""

    def __init__(self, stream: Any, limit: int) -> None:
        self.stream, self.limit, self.size = stream, limit, 0

    def read(self, n: int = -1) -> bytes:
        chunk: bytes = self.stream.read(n if n and n > 0 else 1 << 20)
        self.size += len(chunk)
        if self.size > self.limit:
            raise ApplicationError(f"the result is over {self.limit} bytes", code="too_large")
        return chunk

    def chunks(self, chunk_size: int = 1 << 20) -> Iterable[bytes]:
        while chunk := self.read(chunk_size):
            yield chunk


def lease_complete(
    *, node: Node, lease_id: str, outcome: WebhookPayload, result_file: IO[bytes] | None = None
) -> bool:
    """Apply a leased job's outcome once; whether its task took it.

    `result_file`: the result, sent with the outcome in one request (local storage): it is
    what the outcome's uri names, read from the request instead of from an earlier upload."""
    job = _held(node, lease_id)
    if outcome.task_id != str(job.id) or outcome.task_type is not job.stage:
        raise ApplicationError(
            f"this outcome is for {outcome.task_type.value} job {outcome.task_id}, "
            f"not the leased {job.stage.value} job {job.id}",
            code="invalid_request",
        )
    key = f"{UPLOAD_ROOT}/{lease_id}"
    result_uri = getattr(outcome.result, "uri", None)
    if result_uri is not None and not str(result_uri).startswith(key):
        raise ApplicationError(
            f"the result must be the file uploaded for this lease ({key}...)", code="bad_result"
        )
    if result_file is not None and result_uri is None:
        raise ApplicationError(
            f"a {job.stage.value} outcome has no result file; send the outcome alone",
            code="bad_result",
        )
    done = Job.objects.filter(id=job.id, lease_id=lease_id, state=JobState.LEASED).update(
        state=JobState.DONE,
        outcome=outcome.model_dump(mode="json"),
        finished_at=timezone.now(),
        lease_until=None,
    )
    if not done:
        _held(node, lease_id)
    failed = outcome.status is TaskStatus.FAILED
    Node.objects.filter(id=node.id).update(
        last_seen=timezone.now(),
        jobs_done=F("jobs_done") + (0 if failed else 1),
        failures=F("failures") + (1 if failed else 0),
    )
    if job.task_id is None:
        return True  # someone waits on the job itself (job_wait)

    def fetch(uri: str) -> bytes:
        if result_file is not None and uri == result_uri:
            return result_file.read()
        return _read_upload(uri)

    applied = webhook_task_complete(
        payload=outcome.model_copy(update={"task_id": str(job.task_id)}), fetch=fetch
    )
    if result_uri is not None and result_file is None:
        default_storage.delete(str(result_uri))  # the task kept its own copy
    return applied


def _read_upload(uri: str) -> bytes:
    if not default_storage.exists(uri):
        raise ApplicationError(f"the node did not upload {uri}", code="bad_result")
    with default_storage.open(uri, "rb") as stored:
        data: bytes = stored.read()
    return data


def lease_release(*, node: Node, lease_id: str) -> None:
    """A stopping node hands a job back: it waits for the next node at once."""
    _requeue(_held(node, lease_id), f"node {node.name} handed it back")


def _requeue(job: Job, why: str) -> None:
    back = Job.objects.filter(id=job.id, state=JobState.LEASED, lease_id=job.lease_id).update(
        state=JobState.WAITING, node=None, lease_id="", lease_until=None
    )
    if not back:
        return
    log.info("job %s back in its queue: %s", job.id, why)
    transaction.on_commit(JOBS_OFFERED.ring)
    if job.task_id is not None:
        tasks = Task.objects.filter(id=job.task_id, status=TaskStatus.RUNNING)
        if tasks.update(status=TaskStatus.PENDING, updated_at=timezone.now()):
            task = Task.objects.get(id=job.task_id)
            publish_task(task)


def jobs_sweep(*, now: datetime | None = None) -> tuple[int, int]:
    """Put jobs whose lease ran out back in their queues; for waiting jobs whose task nears
    its deadline: push it out while a live node can run them, fail them (saying what to
    start) while none can. Returns (requeued, failed)."""
    moment = now or timezone.now()
    expired = list(Job.objects.filter(state=JobState.LEASED, lease_until__lt=moment))
    for job in expired:
        _requeue(job, "its lease ran out (the node stopped renewing it)")
    soon = moment + timedelta(seconds=settings.STORYREEL_SWEEP_S * 2)
    waiting = Job.objects.filter(
        state=JobState.WAITING, task__isnull=False, task__deadline__lt=soon,
        task__status=TaskStatus.PENDING,
    ).select_related("task")  # fmt: skip
    failed = 0
    from storyreel.server.studio.services.tasks import task_fail

    for job in list(waiting):
        reason = no_node_message(job)
        if reason is None:
            Task.objects.filter(id=job.task_id).update(deadline=task_deadline())
            continue
        if Job.objects.filter(id=job.id, state=JobState.WAITING).update(
            state=JobState.DONE, finished_at=moment
        ):
            failed += task_fail(task_id=str(job.task_id), message=reason)
    orphans = Job.objects.filter(state=JobState.WAITING, task__isnull=False).exclude(
        task__status__in=[TaskStatus.PENDING, TaskStatus.RUNNING]
    )
    orphans.update(state=JobState.DONE, finished_at=moment)  # their task ended otherwise
    return len(expired), failed


# --- what the fleet offers, and waiting on one job ----------------------------------


def fleet_capabilities() -> Capabilities:
    """The live pull nodes' backends and voices together."""
    nodes = live_nodes()
    if not nodes:
        raise ApplicationError(
            "no model node is connected; start one with `storyreel node --server URL "
            "--node-key KEY` (keys: `storyreel nodes add NAME`)",
            code="node_unavailable",
        )
    merged: dict[str, Any] = {"version": "", "devices": set(), "backends": {}, "voices": {}}
    for node in nodes:
        found = Capabilities.model_validate(node.capabilities)
        merged["version"] = merged["version"] or found.version
        merged["devices"].update(found.devices)
        for backend in found.backends:
            key = (backend.stage, backend.name)
            if key not in merged["backends"] or backend.available:
                merged["backends"][key] = backend
        for voice in found.voice_info:
            merged["voices"][voice.name] = voice
    return Capabilities(
        version=merged["version"],
        devices=sorted(merged["devices"]),
        backends=list(merged["backends"].values()),
        voices=sorted(merged["voices"]),
        voice_info=[merged["voices"][name] for name in sorted(merged["voices"])],
    )


def any_capabilities() -> Capabilities:
    """What the model nodes offer: the push node's answer, or the live pull nodes'."""
    if pull_mode():
        return fleet_capabilities()
    from storyreel.server.studio.node_client import NodeUnavailable, node_capabilities

    try:
        return node_capabilities()
    except NodeUnavailable as error:
        raise ApplicationError(error.message, code="node_unavailable") from error


def job_run_and_wait(
    *, stage: TaskType, payload: dict[str, Any], voice: str = "", language: str = "",
    timeout_s: float = 60.0,
) -> WebhookPayload:  # fmt: skip
    """Queue a job no task waits on (a voice sample) and wait for its outcome."""
    job = Job(stage=stage, payload=payload, voice=voice, language=language)
    reason = no_node_message(job)
    if reason is not None:
        raise ApplicationError(reason, code="node_unavailable")
    job.save()
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.state == JobState.DONE and job.outcome is not None:
            return WebhookPayload.model_validate(job.outcome)
        time.sleep(0.2)
    Job.objects.filter(id=job.id).exclude(state=JobState.DONE).update(
        state=JobState.DONE, finished_at=timezone.now()
    )
    raise ApplicationError(
        f"no node finished the job in {timeout_s:.0f} s; try again", code="node_unavailable"
    )


def read_result(uri: str) -> bytes:
    """A pull job's uploaded result (and forget it)."""
    data = _read_upload(uri)
    default_storage.delete(uri)
    return data
