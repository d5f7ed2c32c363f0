"""What the client keeps on disk: projects, shots and tasks (SQLite), media files, and
edits made while the server was away (the outbox).

Everything is per server, so two servers never mix. Media files are stored under their
media key (a name the server never reuses), written atomically; a second look is a hit.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from storyreel.contract.api import ProjectInfo, ShotInfo, StoryboardView, TaskInfo

SCHEMA = """
CREATE TABLE IF NOT EXISTS projects (
    server TEXT NOT NULL, id INTEGER NOT NULL, body TEXT NOT NULL, PRIMARY KEY (server, id));
CREATE TABLE IF NOT EXISTS shots (
    server TEXT NOT NULL, id INTEGER NOT NULL, project_id INTEGER NOT NULL,
    position INTEGER NOT NULL, body TEXT NOT NULL, PRIMARY KEY (server, id));
CREATE TABLE IF NOT EXISTS tasks (
    server TEXT NOT NULL, task_id TEXT NOT NULL, project_id INTEGER NOT NULL,
    body TEXT NOT NULL, PRIMARY KEY (server, task_id));
CREATE TABLE IF NOT EXISTS outbox (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, server TEXT NOT NULL, shot_id INTEGER NOT NULL,
    field TEXT NOT NULL, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS session (server TEXT PRIMARY KEY, username TEXT, token TEXT);
"""


@dataclass(frozen=True)
class PendingEdit:
    seq: int
    shot_id: int
    field: str  # "prompt" | "narration"
    value: str


class ClientCache:
    """SQLite under the client's cache folder; safe to use from several threads."""

    def __init__(self, root: Path, server: str) -> None:
        self.root = root
        self.server = server.rstrip("/")
        root.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(root / "client.sqlite3", check_same_thread=False)
        self._lock = threading.Lock()
        with self._write() as db:
            db.executescript(SCHEMA)
        self.media = MediaCache(root / "media", self.server)

    def close(self) -> None:
        self._db.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        with self._lock, self._db:
            yield self._db

    def _read(self, sql: str, *args: object) -> list[tuple[object, ...]]:
        with self._lock:
            return list(self._db.execute(sql, args))

    # --- session ----------------------------------------------------------------------------

    def save_session(self, username: str, token: str) -> None:
        with self._write() as db:
            db.execute(
                "INSERT OR REPLACE INTO session VALUES (?, ?, ?)", (self.server, username, token)
            )

    def session(self) -> tuple[str, str] | None:
        rows = self._read("SELECT username, token FROM session WHERE server = ?", self.server)
        return (str(rows[0][0]), str(rows[0][1])) if rows else None

    def forget_session(self) -> None:
        with self._write() as db:
            db.execute("DELETE FROM session WHERE server = ?", (self.server,))

    # --- projects, shots, tasks ---------------------------------------------------------------

    def save_projects(self, projects: list[ProjectInfo]) -> None:
        """The full list: projects deleted on the server go from the cache too."""
        with self._write() as db:
            db.execute("DELETE FROM projects WHERE server = ?", (self.server,))
            db.executemany(
                "INSERT INTO projects VALUES (?, ?, ?)",
                [(self.server, p.id, p.model_dump_json()) for p in projects],
            )

    def projects(self, search: str = "") -> list[ProjectInfo]:
        rows = self._read("SELECT body FROM projects WHERE server = ?", self.server)
        found = [ProjectInfo.model_validate_json(str(r[0])) for r in rows]
        if search:
            found = [p for p in found if search.casefold() in p.title.casefold()]
        return sorted(found, key=lambda p: p.created_at, reverse=True)

    def save_storyboard(self, view: StoryboardView) -> None:
        project = view.project
        with self._write() as db:
            db.execute(
                "INSERT OR REPLACE INTO projects VALUES (?, ?, ?)",
                (self.server, project.id, project.model_dump_json()),
            )
            db.execute(
                "DELETE FROM shots WHERE server = ? AND project_id = ?", (self.server, project.id)
            )
            db.executemany(
                "INSERT INTO shots VALUES (?, ?, ?, ?, ?)",
                [(self.server, s.id, project.id, s.order, s.model_dump_json()) for s in view.shots],
            )

    def save_shot(self, shot: ShotInfo) -> None:
        with self._write() as db:
            db.execute(
                "INSERT OR REPLACE INTO shots VALUES (?, ?, ?, ?, ?)",
                (self.server, shot.id, shot.project_id, shot.order, shot.model_dump_json()),
            )

    def storyboard(self, project_id: int) -> StoryboardView | None:
        rows = self._read(
            "SELECT body FROM projects WHERE server = ? AND id = ?", self.server, project_id
        )
        if not rows:
            return None
        shots = self._read(
            "SELECT body FROM shots WHERE server = ? AND project_id = ? ORDER BY position",
            self.server,
            project_id,
        )
        return StoryboardView(
            project=ProjectInfo.model_validate_json(str(rows[0][0])),
            shots=[ShotInfo.model_validate_json(str(r[0])) for r in shots],
        )

    def forget_project(self, project_id: int) -> None:
        with self._write() as db:
            tables = (("projects", "id"), ("shots", "project_id"), ("tasks", "project_id"))
            for table, column in tables:
                db.execute(
                    f"DELETE FROM {table} WHERE server = ? AND {column} = ?",
                    (self.server, project_id),
                )

    def save_task(self, task: TaskInfo) -> None:
        with self._write() as db:
            db.execute(
                "INSERT OR REPLACE INTO tasks VALUES (?, ?, ?, ?)",
                (self.server, task.task_id, task.project_id, task.model_dump_json()),
            )

    def tasks(self, project_id: int) -> list[TaskInfo]:
        rows = self._read(
            "SELECT body FROM tasks WHERE server = ? AND project_id = ?", self.server, project_id
        )
        return sorted(
            (TaskInfo.model_validate_json(str(r[0])) for r in rows), key=lambda t: t.created_at
        )

    # --- outbox -------------------------------------------------------------------------------

    def keep_edit(self, shot_id: int, field: str, value: str) -> None:
        """An edit the server did not get; the latest per shot and field wins."""
        with self._write() as db:
            db.execute(
                "DELETE FROM outbox WHERE server = ? AND shot_id = ? AND field = ?",
                (self.server, shot_id, field),
            )
            db.execute(
                "INSERT INTO outbox (server, shot_id, field, value) VALUES (?, ?, ?, ?)",
                (self.server, shot_id, field, value),
            )

    def pending_edits(self) -> list[PendingEdit]:
        rows = self._read(
            "SELECT seq, shot_id, field, value FROM outbox WHERE server = ? ORDER BY seq",
            self.server,
        )
        return [PendingEdit(int(str(r[0])), int(str(r[1])), str(r[2]), str(r[3])) for r in rows]

    def edit_sent(self, seq: int) -> None:
        with self._write() as db:
            db.execute("DELETE FROM outbox WHERE seq = ?", (seq,))


class MediaCache:
    """Images, audio and video by media key. Counts hits and downloads."""

    def __init__(self, root: Path, server: str) -> None:
        self.root = root
        self.server = server
        self.hits = 0
        self.downloads = 0
        self._lock = threading.Lock()

    def path_for(self, key: str) -> Path:
        digest = hashlib.sha256(f"{self.server}|{key}".encode()).hexdigest()
        suffix = PurePosixPath(key).suffix[:8]
        return self.root / digest[:2] / f"{digest}{suffix}"

    def cached(self, key: str) -> Path | None:
        path = self.path_for(key)
        return path if key and path.is_file() else None

    def get(self, key: str, url: str, fetch: Callable[[str], bytes]) -> Path:
        """The file for `key`, downloaded once with `fetch(url)`."""
        path = self.path_for(key)
        if path.is_file():
            with self._lock:
                self.hits += 1
            return path
        data = fetch(url)
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, partial = tempfile.mkstemp(dir=path.parent, prefix=".part-")
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(partial, path)
        with self._lock:
            self.downloads += 1
        return path
