"""The node's business logic: accept a job, run it on its device, store results, call back."""

from __future__ import annotations

import logging
import mimetypes
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, wait
from datetime import datetime, timezone
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from urllib.parse import unquote, urlsplit

import httpx
from pydantic import BaseModel

from storyreel.contract import (
    BackendInfo,
    Capabilities,
    JobAccepted,
    KeyframeResult,
    MotionResult,
    NarrationRequest,
    NarrationResult,
    NodeHealth,
    NodeJob,
    StageResult,
    StoryboardRequest,
    TaskStatus,
    TaskType,
    VoiceInfo,
    WebhookPayload,
)
from storyreel.contract.node import CallbackProbeResult
from storyreel.engines import resolve_device
from storyreel.errors import StoryInputError, StoryReelError
from storyreel.narration.voices import available_voices
from storyreel.node.backends.base import Backend
from storyreel.node.backends.registry import (
    BackendRegistry,
    build_registry,
    narration_family,
    work_root,
)
from storyreel.node.callbacks import CallbackRefused, CallbackSender, check_callback_url
from storyreel.node.errors import NodeRequestError
from storyreel.node.runner import JobRunner, NodeStopping
from storyreel.node.settings import NodeSettings
from storyreel.node.storage import ResultStorage, storage_from_settings
from storyreel.text.story import check_story

log = logging.getLogger(__name__)
# Keeps a result's file somewhere the server can read it; the result with its new uri.
Store = Callable[[TaskType, str, StageResult], StageResult]
_MAX_INPUT_BYTES = 64 * 1024 * 1024


def _version() -> str:
    try:
        return version("storyreel")
    except PackageNotFoundError:
        return "unknown"


class NodeService:
    """Composition root of the node: settings, backends, storage, the job pool, callbacks."""

    def __init__(
        self,
        settings: NodeSettings,
        registry: BackendRegistry | None = None,
        storage: ResultStorage | None = None,
    ) -> None:
        self.settings = settings
        self.storage = storage or storage_from_settings(settings)
        self.registry = registry or build_registry(settings, self.fetch_input)
        self.runner = JobRunner(settings.queue_limit)
        self.callbacks = CallbackSender(
            settings.webhook_secret, settings.callback_attempts, settings.callback_backoff_s
        )
        self._last_used: dict[int, float] = {}
        # jobs accepted with a callback and not finished: each must be called back, even when
        # the node stops (drain)
        self._held: dict[Future[WebhookPayload], tuple[TaskType, str, NodeJob[BaseModel]]] = {}
        self._held_lock = threading.Lock()
        self._draining = False
        self._closed = False
        self._stop = threading.Event()
        self._reaper: threading.Thread | None = None
        work_root(settings).mkdir(parents=True, exist_ok=True)
        _sweep_stale_work(work_root(settings))

    # --- reads --------------------------------------------------------------------------

    def capabilities(self) -> Capabilities:
        """Every backend, whether it can run here, and if not, why and what to install."""
        infos = []
        for backend in self.registry.all():
            reason = self.registry.reason(backend)
            infos.append(
                BackendInfo(
                    stage=backend.stage,
                    name=backend.name,
                    default=self.registry.defaults.get(backend.stage) == backend.name,
                    available=reason is None,
                    loaded=backend.loaded,
                    device=backend.device if reason is None else "-",
                    reason=reason,
                    description=backend.description,
                )
            )
        devices = sorted({"cpu", resolve_device(self.settings.base.models.device)})
        speaking = {b.name for b in infos if b.stage is TaskType.NARRATION and b.available}
        voices = {
            name: voice
            for name, voice in available_voices(self.settings.base.models.cosyvoice_url).items()
            if voice.family in speaking
        }
        return Capabilities(
            version=_version(),
            devices=devices,
            backends=infos,
            voices=sorted(voices),
            voice_info=[
                VoiceInfo(name=name, language=voice.language, label=voice.description)
                for name, voice in sorted(voices.items())
            ],
        )

    def probe_callback(self, url: str) -> CallbackProbeResult:
        """Whether a callback to `url` is allowed, and what the server there answers to a
        signed probe (200: reached, and it holds the same webhook secret)."""
        try:
            check_callback_url(url, self.settings.callback_allow)
        except CallbackRefused as refused:
            return CallbackProbeResult(allowed=False, detail=refused.message)
        status, detail = self.callbacks.probe(url)
        return CallbackProbeResult(allowed=True, status=status, detail=detail)

    def health(self) -> NodeHealth:
        loaded = [f"{b.stage.value}/{b.name}" for b in self.registry.all() if b.loaded]
        return NodeHealth(queued=self.runner.depth(), loaded=loaded)

    # --- jobs ---------------------------------------------------------------------------

    def submit(
        self, stage: TaskType, job: NodeJob[BaseModel], *, wait: bool
    ) -> tuple[JobAccepted, Future[WebhookPayload]]:
        """Validate and queue a job; its outcome arrives on the future (and the callback).

        `wait` means the caller takes the outcome from the future, so no callback is needed.
        """
        if isinstance(job.payload, StoryboardRequest) and (
            job.payload.story.strip() or not job.payload.topic
        ):  # a topic alone: the backend writes the story
            try:  # the same limit as the server's (STORYREEL_MAX_STORY_CHARS)
                check_story(job.payload.story, self.settings.base.max_story_chars)
            except StoryInputError as error:
                raise NodeRequestError(error.message, code=error.code) from error
        backend = self.backend_for(stage, job)
        if job.callback_url is None and not wait:
            raise NodeRequestError(
                "give a callback_url, or add ?wait=true to get the result in the response",
                code="no_callback",
            )
        if job.callback_url is not None:
            try:
                check_callback_url(job.callback_url, self.settings.callback_allow)
            except CallbackRefused as error:
                raise NodeRequestError(error.message, code="callback_refused") from error
        if self._draining:
            raise NodeStopping()
        future: Future[WebhookPayload]
        future, ahead = self.runner.submit(
            backend.device, lambda: self._execute(stage, backend, job)
        )
        if job.callback_url is not None:
            with self._held_lock:
                self._held[future] = (stage, backend.name, job)
            future.add_done_callback(self._release)
        accepted = JobAccepted(
            task_id=job.task_id,
            task_type=stage,
            status=TaskStatus.PENDING if ahead else TaskStatus.RUNNING,
            backend=backend.name,
            queue_position=ahead,
        )
        return accepted, future

    def backend_for(self, stage: TaskType, job: NodeJob[BaseModel]) -> Backend:
        """The backend a job names, or the stage's default (narration: its voice's)."""
        backend_name = job.backend
        if stage is TaskType.NARRATION and backend_name is None:
            assert isinstance(job.payload, NarrationRequest)
            backend_name = narration_family(self.settings, job.payload)
        return self.registry.get(stage, backend_name)

    def run_now(
        self, stage: TaskType, backend: Backend, job: NodeJob[BaseModel], store: Store
    ) -> WebhookPayload:
        """Run a job in the calling thread (a pull node's slot), storing its file with
        `store`; on the backend's device queue unless the backend may run side by side."""
        if backend.parallel:
            return self._execute(stage, backend, job, store)
        future, _ahead = self.runner.submit(
            backend.device, lambda: self._execute(stage, backend, job, store)
        )
        return future.result()

    def _execute(
        self,
        stage: TaskType,
        backend: Backend,
        job: NodeJob[BaseModel],
        store: Store | None = None,
    ) -> WebhookPayload:
        started = time.perf_counter()
        result: StageResult | None = None
        error: str | None = None
        try:
            if backend.writes_files:
                with tempfile.TemporaryDirectory(dir=work_root(self.settings)) as work_name:
                    result = backend.run(job.payload, Path(work_name))
                    result = (store or self._store)(stage, job.task_id, result)
            else:
                result = backend.run(job.payload, work_root(self.settings))
        except StoryReelError as failure:
            error = failure.message
        except Exception as failure:
            log.exception("%s backend %s failed on %s", stage.value, backend.name, job.task_id)
            error = (
                f"{stage.value} backend {backend.name} failed: {type(failure).__name__}: {failure}"
            )
        finally:
            self._last_used[id(backend)] = time.monotonic()
        payload = WebhookPayload(
            task_id=job.task_id,
            task_type=stage,
            status=TaskStatus.SUCCESS if error is None else TaskStatus.FAILED,
            backend=backend.name,
            result=result if error is None else None,
            err_msg=error,
            model_ms=(time.perf_counter() - started) * 1000,
            finished_at=datetime.now(timezone.utc),
        )
        if job.callback_url is not None:
            self.callbacks.send(job.callback_url, payload)
        return payload

    def _store(self, stage: TaskType, task_id: str, result: StageResult) -> StageResult:
        """Move the result's file into storage; its uri becomes the stored URL."""
        if not isinstance(result, KeyframeResult | MotionResult | NarrationResult):
            return result
        source = Path(result.uri)
        content_type = mimetypes.guess_type(source.name)[0] or "application/octet-stream"
        url = self.storage.put(
            key=f"{stage.value}/{task_id}/{source.name}", source=source, content_type=content_type
        )
        return result.model_copy(update={"uri": url})

    # --- inputs -------------------------------------------------------------------------

    def fetch_input(self, uri: str, work: Path) -> Path:
        """A job's input file: this node's own /files URL, or an http(s) URL on an allowed host."""
        own = f"{self.settings.public_url}/files/"
        if uri.startswith(own):
            path = self.storage.local_path(unquote(uri[len(own) :]))
            if path is None:
                raise NodeRequestError(f"no stored file at {uri}", code="input_missing")
            return path
        parts = urlsplit(uri)
        if parts.scheme not in ("http", "https"):
            raise NodeRequestError(
                f"input must be an http(s) URL or this node's /files URL, got {uri!r}",
                code="input_refused",
            )
        allowed = self.settings.callback_allow
        endpoint = urlsplit(self.settings.s3_endpoint_url or "")
        if endpoint.netloc:
            allowed = (*allowed, endpoint.netloc)
        try:
            check_callback_url(uri, allowed)
        except CallbackRefused as error:
            raise NodeRequestError(
                f"input host not allowed: {error.message}", code="input_refused"
            ) from error
        target = work / ("input" + Path(parts.path).suffix[:8])
        try:
            with httpx.stream("GET", uri, timeout=30.0) as response:
                response.raise_for_status()
                size = 0
                with target.open("wb") as out:
                    for chunk in response.iter_bytes():
                        size += len(chunk)
                        if size > _MAX_INPUT_BYTES:
                            raise NodeRequestError(f"input {uri} is over 64 MB", code="input_large")
                        out.write(chunk)
        except httpx.HTTPError as error:
            raise NodeRequestError(
                f"cannot fetch input {uri}: {error}", code="input_missing"
            ) from error
        return target

    # --- model lifetime -----------------------------------------------------------------

    def start(self) -> None:
        """Start the idle reaper that unloads models nobody used for idle_unload_s."""
        if self.settings.idle_unload_s > 0 and self._reaper is None:
            self._reaper = threading.Thread(target=self._reap, name="node-reaper", daemon=True)
            self._reaper.start()

    def unload_idle(self, now: float | None = None) -> list[str]:
        """Unload every loaded backend idle for longer than the limit; returns their names."""
        current = time.monotonic() if now is None else now
        unloaded = []
        for backend in self.registry.all():
            last = self._last_used.get(id(backend))
            if (
                backend.loaded
                and last is not None
                and current - last >= self.settings.idle_unload_s
            ):
                # Through the device's queue, so a model never unloads under a running job.
                future, _ = self.runner.submit(backend.device, backend.unload)
                future.result()
                unloaded.append(f"{backend.stage.value}/{backend.name}")
        return unloaded

    def _reap(self) -> None:
        period = min(30.0, max(0.5, self.settings.idle_unload_s / 4))
        while not self._stop.wait(period):
            try:
                for name in self.unload_idle():
                    log.info("unloaded idle model %s", name)
            except Exception:
                log.exception("idle unload failed")

    def _release(self, future: Future[WebhookPayload]) -> None:
        with self._held_lock:
            self._held.pop(future, None)

    def begin_drain(self) -> None:
        """Take no new jobs from now on (they get 503 and go elsewhere or come back later)."""
        self._draining = True

    def close(self) -> None:
        """Drain, then stop: take no new jobs (503), hand back every queued job (a FAILED
        callback saying the node stopped), give running jobs drain_s to finish (their own
        callbacks), hand back those that did not, and deliver the callbacks before exiting."""
        with self._held_lock:
            if self._closed:
                return  # the stop signal's drain ran it; the app's shutdown calls it again
            self._closed = True
        self._draining = True
        self._stop.set()
        with self._held_lock:
            held = list(self._held.items())
        queued = [(f, what) for f, what in held if f.cancel()]
        for _future, (stage, backend, job) in queued:
            self._hand_back(stage, backend, job, "before running it")
        running = [future for future, _what in held if not future.cancelled()]
        _done, unfinished = wait(running, timeout=self.settings.drain_s)
        for future in unfinished:
            stage, backend, job = next(what for f, what in held if f is future)
            self._hand_back(stage, backend, job, "while running it")
        self.runner.shutdown()
        self.callbacks.close(timeout=self.settings.drain_s)

    def _hand_back(self, stage: TaskType, backend: str, job: NodeJob[BaseModel], when: str) -> None:
        assert job.callback_url is not None
        log.warning("node stopping: handing back %s %s", stage.value, job.task_id)
        self.callbacks.send(
            job.callback_url,
            WebhookPayload(
                task_id=job.task_id,
                task_type=stage,
                status=TaskStatus.FAILED,
                backend=backend,
                err_msg=f"the model node stopped {when}; retry this task",
                finished_at=datetime.now(timezone.utc),
            ),
        )


STALE_WORK_S = 86400.0


def _sweep_stale_work(root: Path, older_than_s: float = STALE_WORK_S) -> None:
    """Remove what a node killed mid-job left in its scratch space (a job's folder, a result
    waiting to be sent): anything untouched for a day. Jobs in flight, of this node or of
    another node sharing the folder, are younger than that."""
    cutoff = time.time() - older_than_s
    for entry in root.iterdir():
        try:
            if entry.lstat().st_mtime >= cutoff:
                continue
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink(missing_ok=True)
        except OSError as error:  # another node swept it first, or it is not ours to remove
            log.debug("could not sweep %s: %s", entry, error)
