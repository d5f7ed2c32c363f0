"""REST client for the StoryReel server, typed by `storyreel.contract.api`.

Every failure becomes one of three errors a person can act on: `ServerUnreachable` (start
the server, or work offline), `AuthExpired` (log in again), `ApiRefused` (the server's
one-line message, with the fields it names).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import quote

import httpx
from pydantic import BaseModel, TypeAdapter

from storyreel.atomic import as_created
from storyreel.contract import AspectRatio, Language, SubtitleStyle, Transition, VoiceInfo
from storyreel.contract.api import (
    EstimateInfo,
    NodeList,
    ProjectCreated,
    ProjectInfo,
    ShotInfo,
    ShotVersionInfo,
    StoryboardView,
    TaskInfo,
    TimingInfo,
    TokenInfo,
    VoiceList,
)
from storyreel.errors import StoryReelError

M = TypeVar("M", bound=BaseModel)


class ClientError(StoryReelError):
    """Anything that stops a client request."""


class ServerUnreachable(ClientError):
    """No answer from the server (down, wrong address, network gone)."""


class AuthExpired(ClientError):
    """The token is missing, wrong or revoked: log in again."""


class ApiRefused(ClientError):
    """The server answered with an error: its code, one-line message and field errors."""

    def __init__(
        self, message: str, *, status: int, code: str, fields: list[dict[str, str]]
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.fields = fields


class ApiClient:
    """One server, one token. Thread-safe for concurrent calls (httpx.Client is)."""

    def __init__(
        self,
        base_url: str,
        token: str = "",
        *,
        timeout: float = 30.0,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token
        self._http = httpx.Client(
            base_url=self.base_url,
            timeout=timeout,
            transport=transport,
            limits=httpx.Limits(max_connections=16, max_keepalive_connections=8),
        )

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> ApiClient:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # --- plumbing ---------------------------------------------------------------------------

    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"Token {self.token}"} if self.token else {}

    def _send(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        try:
            return self._http.request(method, f"/api{path}", headers=self._headers(), **kwargs)
        except (httpx.RemoteProtocolError, httpx.ReadError):
            if method != "GET":
                raise
            # a kept-alive connection the server closed just as we reused it: GET again once
            return self._http.request(method, f"/api{path}", headers=self._headers(), **kwargs)

    def _request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        try:
            answer = self._send(method, path, **kwargs)
        except httpx.TransportError as error:
            raise ServerUnreachable(
                f"cannot reach the StoryReel server at {self.base_url} ({type(error).__name__}); "
                "is `storyreel up` running?"
            ) from error
        if answer.status_code < 400:
            return answer
        try:
            body = answer.json()
        except ValueError:
            body = {}
        if not isinstance(body, dict):
            body = {}
        message = str(body.get("message") or f"the server answered HTTP {answer.status_code}")
        code = str(body.get("error") or "error")
        if answer.status_code == 401 and path not in ("/auth/login", "/auth/register"):
            raise AuthExpired(f"{message}: log in again")
        raise ApiRefused(
            message, status=answer.status_code, code=code, fields=list(body.get("fields") or [])
        )

    def _json(self, model: type[M], method: str, path: str, **kwargs: Any) -> M:
        return model.model_validate(self._request(method, path, **kwargs).json())

    def _json_list(self, model: type[M], method: str, path: str, **kwargs: Any) -> list[M]:
        adapter = TypeAdapter(list[model])  # type: ignore[valid-type]
        items: list[M] = adapter.validate_python(self._request(method, path, **kwargs).json())
        return items

    # --- accounts ---------------------------------------------------------------------------

    def health(self) -> bool:
        try:
            return self._http.get("/api/health/live", timeout=2.0).status_code == 200
        except httpx.HTTPError:
            return False

    def register(self, username: str, password: str) -> TokenInfo:
        info = self._json(
            TokenInfo, "POST", "/auth/register", json={"username": username, "password": password}
        )
        self.token = info.token
        return info

    def logout(self) -> None:
        """Revoke this client's token on the server."""
        self._request("POST", "/auth/logout")
        self.token = ""

    def login(self, username: str, password: str) -> TokenInfo:
        info = self._json(
            TokenInfo, "POST", "/auth/login", json={"username": username, "password": password}
        )
        self.token = info.token
        return info

    # --- projects ---------------------------------------------------------------------------

    def projects(self, search: str = "") -> list[ProjectInfo]:
        params = {"search": search} if search else None
        return self._json_list(ProjectInfo, "GET", "/projects/", params=params)

    def create_project(
        self,
        *,
        story: str,
        title: str = "",
        style: str = "",
        language: Language | None = None,
        aspect: AspectRatio = AspectRatio.LANDSCAPE,
        voice: str = "",
        seed: int = 0,
        cast: list[dict[str, str]] | None = None,
        topic: str = "",
        story_length: str = "short",
    ) -> ProjectCreated:
        body = {
            "topic": topic,
            "story_length": story_length,
            "cast": cast,
            "seed": seed,
            "title": title,
            "story": story,
            "style": style,
            "language": language.value if language else None,
            "aspect": aspect.value,
            "voice": voice,
        }
        return self._json(ProjectCreated, "POST", "/projects/create", json=body)

    def update_cast(self, project_id: int, cast: list[dict[str, object]]) -> ProjectInfo:
        return self._json(ProjectInfo, "POST", f"/projects/{project_id}/cast", json={"cast": cast})

    def storyboard(self, project_id: int) -> StoryboardView:
        return self._json(StoryboardView, "GET", f"/projects/{project_id}/storyboard")

    def delete_project(self, project_id: int) -> None:
        self._request("DELETE", f"/projects/{project_id}/delete")

    def generate_images(self, project_id: int, backend: str = "") -> list[TaskInfo]:
        """Every shot's keyframe; `backend` (e.g. diffusers): only a node that has it."""
        body = {"backend": backend} if backend else {}
        return self._json_list(
            TaskInfo, "POST", f"/projects/{project_id}/generate_images", json=body
        )

    def nodes(self) -> NodeList:
        """The model nodes the server knows and the jobs waiting per queue."""
        return self._json(NodeList, "GET", "/nodes")

    def reorder(self, project_id: int, shot_ids: list[int]) -> list[ShotInfo]:
        return self._json_list(
            ShotInfo, "POST", f"/projects/{project_id}/reorder", json={"shot_ids": shot_ids}
        )

    def estimate(
        self,
        story: str,
        language: Language | None = None,
        aspect: AspectRatio = AspectRatio.LANDSCAPE,
        transition: Transition = Transition.CROSSFADE,
    ) -> EstimateInfo:
        """How long the story will take on the server, per stage (nothing is made)."""
        body = {
            "story": story,
            "language": language.value if language else None,
            "aspect": aspect.value,
            "transition": transition.value,
        }
        return self._json(EstimateInfo, "POST", "/estimate", json=body)

    def timing(self, project_id: int) -> TimingInfo:
        """How long the server worked on the project, per stage."""
        return self._json(TimingInfo, "GET", f"/projects/{project_id}/timing")

    def export(
        self,
        project_id: int,
        short_side: int = 720,
        loudness_lufs: float | None = -16.0,
        music: str = "",
        music_volume_db: float = -12.0,
        duck_db: float = 12.0,
        transition: Transition = Transition.CROSSFADE,
        subtitles: SubtitleStyle | None = None,
    ) -> TaskInfo:
        """Compose the MP4 on the server (`music`: a bundled bed's name, "" for none;
        `transition`: between shots that name none of their own)."""
        body = {
            "short_side": short_side, "loudness_lufs": loudness_lufs, "music": music,
            "music_volume_db": music_volume_db, "duck_db": duck_db,
            "transition": transition.value,
            "subtitles": (subtitles or SubtitleStyle()).model_dump(mode="json"),
        }  # fmt: skip
        return self._json(TaskInfo, "POST", f"/projects/{project_id}/export", json=body)

    def download_video(
        self,
        project_id: int,
        target: Path,
        progress: Callable[[int, int], None] | None = None,
    ) -> Path:
        return self._download(f"/api/projects/{project_id}/download", target, progress)

    def documents(
        self,
        project_id: int,
        formats: list[str],
        paper: str = "A4",
        portrait: bool = False,
        panels: int = 6,
    ) -> list[TaskInfo]:
        """What editors and directors get from the last export, one task per kind (pdf,
        otio, fcp7, fcpxml, edl, kdenlive, stems, or all)."""
        body = {"formats": formats, "paper": paper, "portrait": portrait, "panels": panels}
        return self._json_list(TaskInfo, "POST", f"/projects/{project_id}/documents", json=body)

    def download_task_file(
        self, task_id: str, target: Path, progress: Callable[[int, int], None] | None = None
    ) -> Path:
        """The file a document task made."""
        return self._download(f"/api/tasks/{task_id}/download", target, progress)

    # --- shots ------------------------------------------------------------------------------

    def update_prompt(self, shot_id: int, prompt: str) -> ShotInfo:
        return self._json(
            ShotInfo, "POST", f"/shots/{shot_id}/update_prompt", json={"prompt": prompt}
        )

    def update_narration(self, shot_id: int, narration: str) -> ShotInfo:
        return self._json(
            ShotInfo, "POST", f"/shots/{shot_id}/update_narration", json={"narration": narration}
        )

    def generate_image(self, shot_id: int) -> TaskInfo:
        return self._json(TaskInfo, "POST", f"/shots/{shot_id}/generate_image")

    def generate_video(self, shot_id: int) -> TaskInfo:
        return self._json(TaskInfo, "POST", f"/shots/{shot_id}/generate_video")

    def generate_narration(self, shot_id: int) -> TaskInfo:
        return self._json(TaskInfo, "POST", f"/shots/{shot_id}/generate_narration")

    def update_transition(self, shot_id: int, transition: Transition | None) -> ShotInfo:
        """How a shot comes in after the one before (None: as the export says)."""
        body = {"transition": transition.value if transition else ""}
        return self._json(ShotInfo, "POST", f"/shots/{shot_id}/update_transition", json=body)

    def update_length(self, shot_id: int, length_s: float | None) -> ShotInfo:
        return self._json(
            ShotInfo, "POST", f"/shots/{shot_id}/update_length", json={"length_s": length_s}
        )

    def delete_shot(self, shot_id: int) -> None:
        self._request("DELETE", f"/shots/{shot_id}/delete")

    def undelete_shot(self, shot_id: int) -> list[ShotInfo]:
        """Bring a deleted shot back; the project's shots in their order."""
        return self._json_list(ShotInfo, "POST", f"/shots/{shot_id}/undelete")

    def versions(self, shot_id: int) -> list[ShotVersionInfo]:
        return self._json_list(ShotVersionInfo, "GET", f"/shots/{shot_id}/versions")

    def restore_version(self, shot_id: int, version_id: int) -> ShotInfo:
        return self._json(ShotInfo, "POST", f"/shots/{shot_id}/versions/{version_id}/restore")

    def voice_sample(self, voice: str) -> tuple[str, str]:
        """(storage key, signed URL) of a short sentence spoken in the voice."""
        answer = self._request("GET", f"/voices/{quote(voice, safe='')}/sample").json()
        return str(answer["key"]), str(answer["url"])

    def voices(self) -> list[VoiceInfo]:
        """The narration voices the server's model node offers, with language and label
        (a server that sends names alone: each name is its own label)."""
        answer = self._json(VoiceList, "GET", "/voices")
        known = {v.name for v in answer.details}
        return [
            *answer.details,
            *(
                VoiceInfo(name=n, language=Language.EN, label=n)
                for n in answer.voices
                if n not in known
            ),
        ]

    # --- tasks ------------------------------------------------------------------------------

    def task(self, task_id: str) -> TaskInfo:
        return self._json(TaskInfo, "GET", f"/tasks/{task_id}/status")

    def retry(self, task_id: str) -> TaskInfo:
        return self._json(TaskInfo, "POST", f"/tasks/{task_id}/retry")

    # --- files ------------------------------------------------------------------------------

    def fetch(self, url: str) -> bytes:
        """A signed media URL's bytes (images, audio)."""
        try:
            # on object storage the server answers with a redirect to a presigned URL (httpx
            # drops the Authorization header when it leaves the server's origin)
            answer = self._http.get(url, headers=self._headers(), follow_redirects=True)
        except httpx.TransportError as error:
            raise ServerUnreachable(f"cannot reach {url}: {type(error).__name__}") from error
        if answer.status_code >= 400:
            raise ApiRefused(
                f"could not download {url} (HTTP {answer.status_code})",
                status=answer.status_code,
                code="download_failed",
                fields=[],
            )
        return answer.content

    def download(
        self, url: str, target: Path, progress: Callable[[int, int], None] | None = None
    ) -> Path:
        """A signed media URL to a file, written atomically."""
        return self._download(url, target, progress)

    def _download(
        self, url: str, target: Path, progress: Callable[[int, int], None] | None
    ) -> Path:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, partial = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
        try:
            with os.fdopen(handle, "wb") as out:
                try:
                    with self._http.stream(
                        "GET", url, headers=self._headers(), follow_redirects=True
                    ) as answer:
                        if answer.status_code >= 400:
                            answer.read()
                            message = _message(answer) or f"HTTP {answer.status_code}"
                            if answer.status_code == 401:
                                raise AuthExpired(f"{message}: log in again")
                            raise ApiRefused(
                                message, status=answer.status_code, code="download_failed",
                                fields=[],
                            )  # fmt: skip
                        total = int(answer.headers.get("Content-Length") or 0)
                        done = 0
                        for chunk in answer.iter_bytes(1 << 16):
                            out.write(chunk)
                            done += len(chunk)
                            if progress is not None:
                                progress(done, total)
                except httpx.TransportError as error:
                    raise ServerUnreachable(
                        f"the download from {self.base_url} broke off ({type(error).__name__})"
                    ) from error
            as_created(Path(partial))  # what a person saves is readable as their files are
            os.replace(partial, target)
        except BaseException:
            Path(partial).unlink(missing_ok=True)
            raise
        return target


def _message(answer: httpx.Response) -> str:
    try:
        body = answer.json()
    except ValueError:
        return ""
    return str(body.get("message", "")) if isinstance(body, dict) else ""
