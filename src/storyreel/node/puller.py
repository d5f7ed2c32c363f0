"""Pull mode: the node calls the server, never the other way round (no tunnel, no inbound
route). It registers what it can run, long-polls for as many jobs as it has free slots,
renews each lease while the job runs, uploads the result file where the lease says and
completes the lease. Stopping, it takes no new jobs, lets running ones finish for drain_s
and hands back the rest; a node killed outright loses nothing either: its leases run out
and the server gives the jobs to another node."""

from __future__ import annotations

import logging
import mimetypes
import os
import shutil
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone
from functools import partial
from pathlib import Path

import httpx
from pydantic import BaseModel, ValidationError

from storyreel.contract import (
    KeyframeResult,
    MotionResult,
    NarrationResult,
    NodeJob,
    StageResult,
    TaskStatus,
    TaskType,
    WebhookPayload,
)
from storyreel.contract.fleet import (
    LeaseAnswer,
    LeasedJob,
    LeaseOutcome,
    LeaseRequest,
    NodeRegistration,
)
from storyreel.contract.node import STAGE_REQUESTS
from storyreel.errors import StoryReelError
from storyreel.node.backends.registry import work_root
from storyreel.node.service import NodeService

log = logging.getLogger(__name__)
_MAX_BACKOFF_S = 30.0


class LeaseLost(StoryReelError):
    """The server gave the job to another node (this lease ran out); drop the result."""


class PullNode:
    """One node leasing jobs from one server with its node key."""

    def __init__(
        self,
        service: NodeService,
        server_url: str,
        node_key: str,
        *,
        slots: int = 1,
        wait_s: float = 20.0,
        prefetch: int = 1,
    ) -> None:
        self.service = service
        self.server_url = server_url.rstrip("/")
        self.slots = slots
        # jobs leased ahead, waiting here for a slot: a slot that frees starts the next job
        # at once instead of after a lease round trip
        self.prefetch = prefetch
        self.wait_s = wait_s
        self._auth = {"Authorization": f"Bearer {node_key}"}
        self._client = httpx.Client(
            base_url=self.server_url,
            headers=self._auth,
            timeout=wait_s + 15,
            follow_redirects=False,
        )
        self._stop = threading.Event()
        self._slots = threading.Condition()
        # leased and not completed (a stop hands back what is left of these) ...
        self._held: dict[str, LeasedJob] = {}
        # ... and of those, the ones whose model has not finished (waiting for a slot, or
        # running). A job frees its slot when its model is done, so the next one runs while
        # this one uploads and completes (the model is the resource that should not wait).
        self._running: dict[str, LeasedJob] = {}
        self._gate = threading.Semaphore(slots)  # the slots themselves
        self._gated: set[str] = set()  # jobs holding a slot
        self._pool = ThreadPoolExecutor(
            max_workers=2 * slots + prefetch, thread_name_prefix="pull-slot"
        )
        self.name = ""
        self.lease_ttl_s = 30.0
        # the server takes a result for its own upload endpoint with the outcome, in one
        # request; these results wait here for that request
        self.result_with_outcome = False
        self._results: dict[str, Path] = {}

    # --- the server's answers -----------------------------------------------------------

    def _call(self, method: str, path: str, **options: object) -> httpx.Response:
        response = self._client.request(method, path, **options)  # type: ignore[arg-type]
        if response.status_code == 401:
            raise StoryReelError(f"the server refused this node's key: {_message(response)}")
        if response.status_code == 409:
            raise LeaseLost(_message(response))
        if response.status_code >= 400:
            raise StoryReelError(
                f"{method} {path}: HTTP {response.status_code}: {_message(response)}"
            )
        return response

    def register(self) -> list[str]:
        """Tell the server what this node runs; the queues it will take jobs from."""
        registration = NodeRegistration(capabilities=self.service.capabilities(), slots=self.slots)
        try:
            answer = self._call(
                "POST", "/api/node/register", content=registration.model_dump_json(),
                headers={"Content-Type": "application/json"},
            ).json()  # fmt: skip
        except httpx.HTTPError as error:
            raise StoryReelError(
                f"cannot reach the server at {self.server_url}: {error}"
            ) from error
        self.name = str(answer["name"])
        self.lease_ttl_s = float(answer["lease_ttl_s"])
        self.result_with_outcome = bool(answer.get("result_with_outcome", False))
        routes: list[str] = list(answer["routes"])
        if not routes:
            raise StoryReelError(
                "this node can run nothing (every backend is unavailable or not offered); "
                "see GET /capabilities of `storyreel node` or STORYREEL_NODE_BACKENDS"
            )
        return routes

    # --- the loop -----------------------------------------------------------------------

    def run(self) -> None:
        """Register, then lease and run jobs until stop(); then drain. The long polls run on
        a thread of their own, so a stop never waits for one to end."""
        routes = self.register()
        log.info("node %s leasing from %s: %s", self.name, self.server_url, ", ".join(routes))
        leaser = threading.Thread(target=self._lease_loop, name="pull-lease", daemon=True)
        leaser.start()
        self._stop.wait()
        self._drain()
        leaser.join(timeout=1.0)
        if not leaser.is_alive():
            self._client.close()

    def _lease_loop(self) -> None:
        backoff = 1.0
        last_register = time.monotonic()
        most = self.slots + self.prefetch
        refused_ahead = False  # the server gave nothing for busy slots: wait for a free one
        while not self._stop.is_set():
            limit = self.slots if refused_ahead else most
            with self._slots:
                self._slots.wait_for(partial(self._below, limit))
                free = most - len(self._running)
                idle = max(0, self.slots - len(self._running))
            if self._stop.is_set():
                return
            try:
                if time.monotonic() - last_register > 300:  # capabilities change (a model
                    self.register()  # installed, a voice added): say so now and then
                    last_register = time.monotonic()
                jobs = self._lease(free, ahead=free - idle)
                refused_ahead = not jobs and idle == 0
                backoff = 1.0
            except (httpx.HTTPError, StoryReelError) as error:
                if isinstance(error, StoryReelError) and "refused this node's key" in str(error):
                    log.error("%s; stopping", error)
                    self.stop()
                    return
                log.warning("lease from %s failed (%s); again in %.0f s", self.server_url,
                            error, backoff)  # fmt: skip
                self._stop.wait(backoff)
                backoff = min(backoff * 2, _MAX_BACKOFF_S)
                continue
            for job in jobs:
                if self._stop.is_set():  # came in while stopping: the next node takes it
                    self._release(job)
                    continue
                with self._slots:
                    self._running[job.lease_id] = job
                    self._held[job.lease_id] = job
                self._pool.submit(self._work, job)

    def _below(self, limit: int) -> bool:
        return len(self._running) < limit or self._stop.is_set()

    def _lease(self, free: int, ahead: int) -> list[LeasedJob]:
        asked = LeaseRequest(slots=free, ahead=ahead, wait_s=self.wait_s)
        response = self._call(
            "POST", "/api/node/lease", content=asked.model_dump_json(),
            headers={"Content-Type": "application/json"},
        )  # fmt: skip
        return LeaseAnswer.model_validate_json(response.content).jobs

    @property
    def stopping(self) -> bool:
        return self._stop.is_set()

    def stop(self) -> None:
        """Take no new jobs; run() drains and returns."""
        self._stop.set()
        with self._slots:
            self._slots.notify_all()

    def _drain(self) -> None:
        ends = time.monotonic() + self.service.settings.drain_s
        with self._slots:
            self._slots.wait_for(lambda: not self._held, max(0.0, ends - time.monotonic()))
            unfinished = list(self._held.values())
        for job in unfinished:  # they would run past the drain: the next node takes them
            self._release(job)
        self._pool.shutdown(wait=False, cancel_futures=True)

    def _release(self, job: LeasedJob) -> None:
        try:
            self._call("POST", f"/api/node/leases/{job.lease_id}/release")
            log.warning("stopping: handed back %s job %s", job.stage.value, job.job_id)
        except (httpx.HTTPError, StoryReelError) as error:
            log.warning("could not hand back %s (%s); its lease will run out", job.job_id, error)

    # --- one job ------------------------------------------------------------------------

    def _work(self, leased: LeasedJob) -> None:
        beating = threading.Event()
        lost = threading.Event()
        heart = threading.Thread(
            target=self._heartbeat, args=(leased, beating, lost), name="lease-heartbeat",
            daemon=True,
        )  # fmt: skip
        heart.start()
        try:
            self._gate.acquire()
            with self._slots:
                self._gated.add(leased.lease_id)
            if self._stop.is_set():  # stopping before it began: the next node takes it
                self._release(leased)
                return
            outcome = self._execute(leased)
            if lost.is_set():
                log.warning("job %s finished after its lease was lost; dropped", leased.job_id)
                return
            self._complete(leased, LeaseOutcome(outcome=outcome))
        except LeaseLost:
            log.warning("job %s: the lease was lost; its result is dropped", leased.job_id)
        except Exception:
            log.exception("job %s could not be completed; its lease will run out", leased.job_id)
        finally:
            beating.set()
            self._model_done(leased)
            with self._slots:
                kept = self._results.pop(leased.lease_id, None)
                self._held.pop(leased.lease_id, None)
                self._slots.notify_all()
            if kept is not None:
                kept.unlink(missing_ok=True)

    def _complete(self, leased: LeasedJob, outcome: LeaseOutcome) -> None:
        """Send the outcome; with its result file when that goes to the server."""
        path = f"/api/node/leases/{leased.lease_id}/complete"
        with self._slots:
            result = self._results.get(leased.lease_id)
        if result is None:
            self._call(
                "POST", path, content=outcome.model_dump_json(),
                headers={"Content-Type": "application/json"},
            )  # fmt: skip
            return
        content_type = mimetypes.guess_type(result.name)[0] or "application/octet-stream"
        with result.open("rb") as body:
            self._call(
                "POST", path, data={"outcome": outcome.model_dump_json()},
                files={"result": (result.name, body, content_type)},
            )  # fmt: skip

    def _heartbeat(self, leased: LeasedJob, done: threading.Event, lost: threading.Event) -> None:
        every = max(0.5, leased.lease_ttl_s / 3)
        while not done.wait(every):
            try:
                self._call("POST", f"/api/node/leases/{leased.lease_id}/heartbeat")
            except LeaseLost:
                lost.set()
                return
            except (httpx.HTTPError, StoryReelError) as error:
                log.warning("heartbeat for %s failed (%s)", leased.job_id, error)

    def _execute(self, leased: LeasedJob) -> WebhookPayload:
        """Run the leased job on this node's backend; a FAILED outcome for what cannot run."""
        try:
            payload: BaseModel = STAGE_REQUESTS[leased.stage].model_validate(leased.payload)
            job = NodeJob[BaseModel](task_id=leased.job_id, backend=leased.backend, payload=payload)
            backend = self.service.backend_for(leased.stage, job)
        except (ValidationError, StoryReelError) as error:
            message = error.message if isinstance(error, StoryReelError) else str(error)
            return WebhookPayload(
                task_id=leased.job_id, task_type=leased.stage, status=TaskStatus.FAILED,
                backend=leased.backend or "-", err_msg=f"this node cannot run it: {message}",
                finished_at=datetime.now(timezone.utc),
            )  # fmt: skip

        def store(stage: TaskType, _task_id: str, result: StageResult) -> StageResult:
            self._model_done(leased)
            return self._upload(leased, result)

        return self.service.run_now(leased.stage, backend, job, store)

    def _model_done(self, leased: LeasedJob) -> None:
        """The job's model finished (or never ran): its slot goes to the next job, once."""
        with self._slots:
            self._running.pop(leased.lease_id, None)
            if leased.lease_id in self._gated:
                self._gated.discard(leased.lease_id)
                self._gate.release()
            self._slots.notify_all()

    def _upload(self, leased: LeasedJob, result: StageResult) -> StageResult:
        if not isinstance(result, KeyframeResult | MotionResult | NarrationResult):
            return result
        target = leased.upload
        if target is None:
            raise StoryReelError("the server gave no place for this job's result file")
        source = Path(result.uri)
        if target.server and self.result_with_outcome:  # sent with the outcome
            # kept past the job's scratch folder (gone when this returns) until then
            kept = work_root(self.service.settings) / f"result-{leased.lease_id}{source.suffix}"
            try:
                os.link(source, kept)  # free; the backend's file itself stays where it is
            except OSError:
                shutil.copyfile(source, kept)
            with self._slots:
                self._results[leased.lease_id] = kept
            return result.model_copy(update={"uri": target.key})
        content_type = mimetypes.guess_type(source.name)[0] or "application/octet-stream"
        headers = {"Content-Type": content_type, **target.headers}
        with source.open("rb") as body:
            if target.server:
                answer = self._call(target.method, target.url, content=body, headers=headers)
                key = str(answer.json()["key"])
            else:  # a presigned object-storage URL: no node key goes there
                response = httpx.request(
                    target.method, target.url, content=body, headers=headers, timeout=120
                )
                if response.status_code >= 300:
                    raise StoryReelError(
                        f"the upload to object storage failed: HTTP {response.status_code}"
                    )
                key = target.key
        return result.model_copy(update={"uri": key})


def _message(response: httpx.Response) -> str:
    try:
        return str(response.json().get("message") or response.text[:300])
    except ValueError:
        return response.text[:300]
