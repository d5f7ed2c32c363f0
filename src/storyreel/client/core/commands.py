"""The client's commands: call the server, keep the cache, answer with actions.

Each command runs off the UI thread and returns the actions to dispatch; none raises for
what a person can fix. The server away: the cached copy, `ConnectionChanged(False)` and a
notice. A token refused: a notice that asks to log in again. A refusal: the server's
one-line message.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import ParamSpec

from storyreel.client.core import actions as a
from storyreel.client.core.api import ApiClient, ApiRefused, AuthExpired, ServerUnreachable
from storyreel.client.core.cache import ClientCache
from storyreel.client.core.flow import cast_from_lines, storyboard_of
from storyreel.client.core.state import Edit, EditValue, ExportChoices, Fix, animatic_key
from storyreel.client.core.store import task_view
from storyreel.contract import AspectRatio, Language, ShotMedia, TaskType, Transition
from storyreel.contract.api import ShotInfo, StoryboardView, TaskInfo
from storyreel.errors import StoryInputError, StoryReelError
from storyreel.settings import Settings
from storyreel.text.story import check_story

P = ParamSpec("P")
Actions = list[a.Action]

OFFLINE = (
    "The server cannot be reached: showing what is cached here, read-only. Retry when it is back."
)


def command(fn: Callable[P, Actions]) -> Callable[P, Actions]:
    """Turn the errors a person can act on into actions."""

    @functools.wraps(fn)
    def run(*args: P.args, **kwargs: P.kwargs) -> Actions:
        try:
            return fn(*args, **kwargs)
        except StoryReelError as error:
            return failure(error)

    return run


def failure(error: StoryReelError) -> Actions:
    """What an error means for the state."""
    if isinstance(error, ServerUnreachable):
        return [a.ConnectionChanged(False), a.Failed(OFFLINE, Fix.RETRY)]
    if isinstance(error, AuthExpired):
        return [a.SignedOut(), a.Failed("Your session has ended: log in again.", Fix.LOG_IN)]
    if isinstance(error, ApiRefused):
        fix = Fix.EDIT if error.status in (400, 413) else Fix.NONE
        return [a.Busy(""), a.Failed(error.message, fix)]
    return [a.Busy(""), a.Failed(error.message)]


def _tasks(tasks: Sequence[TaskInfo]) -> Actions:
    return [a.TaskChanged(task_view(t)) for t in tasks]


def _drop_older_tracks(folder: Path, newest: Path | None) -> None:
    """One animatic track per change: remove those older than the one just built (one
    made meanwhile, by another change's build on another thread, stays)."""
    try:
        made = newest.stat().st_mtime_ns if newest else None
    except FileNotFoundError:
        return
    for old in folder.glob("animatic-*.wav"):
        try:
            if made is None or old.stat().st_mtime_ns < made:
                old.unlink()
        except FileNotFoundError:
            pass


class Commands:
    """Every command the client runs against the server (and its cache), one method each."""

    def __init__(self, api: ApiClient, cache: ClientCache) -> None:
        self.api = api
        self.cache = cache
        # the server checks again with its own limit; this one answers at once
        self.max_story_chars = Settings.from_env().max_story_chars

    # --- session ----------------------------------------------------------------------------

    def resume(self) -> Actions:
        """Sign in with the token kept from last time, if any."""
        saved = self.cache.session()
        if saved is None:
            return []
        self.api.token = saved[1]
        return [a.SignedIn(saved[0])]

    @command
    def sign_in(self, username: str, password: str, *, register: bool = False) -> Actions:
        info = (self.api.register if register else self.api.login)(username, password)
        self.cache.save_session(username, info.token)
        return [
            a.SignedIn(username),
            a.ConnectionChanged(True),
            *self.load_projects(),
            *self.load_voices(),
            *self.load_nodes(),
        ]

    def sign_out(self) -> Actions:
        """Revoke the token on the server (when it can be reached) and forget it here."""
        with contextlib.suppress(StoryReelError):  # offline or expired: forgetting it is enough
            self.api.logout()
        self.cache.forget_session()
        self.api.token = ""
        return [a.SignedOut()]

    # --- projects ---------------------------------------------------------------------------

    def load_projects(self, search: str = "") -> Actions:
        try:
            projects = self.api.projects(search)
        except ServerUnreachable:
            cached = tuple(self.cache.projects(search))
            return [
                a.ProjectsLoaded(cached, from_cache=True, search=search),
                a.Failed(OFFLINE, Fix.RETRY),
            ]
        except (AuthExpired, ApiRefused) as error:
            return failure(error)
        if not search:
            self.cache.save_projects(projects)
        return [a.ProjectsLoaded(tuple(projects), search=search)]

    @command
    def voice_sample(self, voice: str) -> Actions:
        """A sentence spoken in the voice, fetched once into the cache."""
        key, url = self.api.voice_sample(voice)
        path = self.media(key, url)
        if path is None:
            return [a.Failed(f"The sample of {voice} could not be fetched; try again.")]
        return [a.VoiceSampleReady(voice, str(path))]

    def load_voices(self) -> Actions:
        """The voices the server's model node offers; none (only the default) while the
        node cannot be asked: the voice list is a suggestion, the default always works."""
        try:
            return [a.VoicesLoaded(tuple(self.api.voices()))]
        except StoryReelError:
            return []

    def load_nodes(self) -> Actions:
        """The server's model nodes: which are live, what they run, what they did."""
        try:
            found = self.api.nodes()
        except StoryReelError:
            return []
        return [a.NodesLoaded(tuple(found.nodes), found.mode)]

    def open_project(self, project_id: int) -> Actions:
        try:
            view = self.api.storyboard(project_id)
            tasks = []
        except ServerUnreachable:
            cached = self.cache.storyboard(project_id)
            if cached is None:
                return [a.ConnectionChanged(False), a.Failed(OFFLINE, Fix.RETRY)]
            tasks = self.cache.tasks(project_id)
            return [
                a.ConnectionChanged(False),
                a.ProjectOpened(cached, from_cache=True),
                *_tasks(tasks),
                a.Failed(OFFLINE, Fix.RETRY),
            ]
        except (AuthExpired, ApiRefused) as error:
            return failure(error)
        self.cache.save_storyboard(view)
        return [a.ConnectionChanged(True), a.ProjectOpened(view)]

    @command
    def create_project(
        self,
        *,
        story: str,
        title: str = "",
        language: Language | None = None,
        aspect: AspectRatio = AspectRatio.LANDSCAPE,
        voice: str = "",
        style: str = "",
        cast: str = "",
        topic: str = "",
    ) -> Actions:
        """A project from a story; or, with no story and a topic, from a story the server's
        LLM writes first (it arrives as the storyboard's narration, to edit there)."""
        try:
            if not (topic.strip() and not story.strip()):
                check_story(story, self.max_story_chars, language)
            members = cast_from_lines(cast) if cast.strip() else None
        except StoryInputError as error:
            return [a.Failed(f"{error.message[:1].upper()}{error.message[1:]}.", Fix.EDIT)]
        created = self.api.create_project(
            story=story, title=title, language=language, aspect=aspect, voice=voice, style=style,
            cast=members, topic=topic if not story.strip() else "",
        )  # fmt: skip
        self.cache.save_task(created.task)
        view = StoryboardView(project=created.project, shots=[])
        return [
            a.ProjectCreated(view),
            a.TaskChanged(task_view(created.task)),
            a.Busy("Writing the story and its storyboard…" if topic else "Writing the storyboard…"),
        ]

    def timing(self, project_id: int) -> Actions:
        """How long the server worked on the project; nothing when it cannot say."""
        try:
            return [a.TimingReady(project_id, self.api.timing(project_id))]
        except (ServerUnreachable, ApiRefused, AuthExpired):
            return []

    @command
    def delete_project(self, project_id: int) -> Actions:
        self.api.delete_project(project_id)
        self.cache.forget_project(project_id)
        return [a.ProjectDeleted(project_id)]

    @command
    def generate_all(self, project_id: int) -> Actions:
        tasks = self.api.generate_images(project_id)
        view = self.api.storyboard(project_id)
        narrations = [self.api.generate_narration(shot.id) for shot in view.shots]
        for task in [*tasks, *narrations]:
            self.cache.save_task(task)
        return _tasks([*tasks, *narrations])

    @command
    def retry(self, task_ids: Sequence[str]) -> Actions:
        return _tasks([self.api.retry(task_id) for task_id in task_ids])

    def estimate(self, story: str, language: Language | None, aspect: AspectRatio) -> Actions:
        """How long the story will take on the server; nothing (not a notice) when it
        cannot say."""
        try:
            return [a.EstimateReady(self.api.estimate(story, language, aspect))]
        except (ServerUnreachable, ApiRefused, AuthExpired):
            return [a.EstimateReady(None)]

    @command
    def export(
        self, project_id: int, short_side: int = 720, choices: ExportChoices | None = None
    ) -> Actions:
        choices = choices or ExportChoices()
        task = self.api.export(
            project_id,
            short_side=short_side,
            music=choices.music,
            transition=choices.transition,
            subtitles=choices.subtitles,
        )
        self.cache.save_task(task)
        return _tasks([task])

    @command
    def documents(self, project_id: int, kinds: Sequence[str], folder: Path) -> Actions:
        """Have the server make the documents of the last export (one task per kind), wait
        for them, and save each in `folder`; a notice says where (or what failed)."""
        from storyreel.client.core.events import wait_for_tasks

        tasks = self.api.documents(project_id, list(kinds))
        for task in tasks:
            self.cache.save_task(task)
        state = wait_for_tasks(self.api, tasks, timeout=1800)
        saved, failed = [], []
        for task in tasks:
            if task.task_id in state.failed:
                failed.append(state.errors.get(task.task_id, "failed"))
                continue
            done = self.api.task(task.task_id)
            name = Path(str(done.result_data.get("file") or f"{task.task_id}.bin")).name
            saved.append(self.api.download_task_file(task.task_id, folder / name))
        found = [self.api.task(task.task_id) for task in tasks]
        for task in found:
            self.cache.save_task(task)
        notices: Actions = []
        if saved:
            notices.append(a.Informed(f"Saved in {folder}: {', '.join(p.name for p in saved)}"))
        if failed:
            notices.append(a.Failed(f"Not made: {failed[0]}"))
        return [*_tasks(found), *notices]

    @command
    def poll(self, task_ids: Sequence[str]) -> Actions:
        """The tasks' status by polling (while the WebSocket is down)."""
        found = [self.api.task(task_id) for task_id in task_ids]
        for task in found:
            self.cache.save_task(task)
        return [a.ConnectionChanged(True), *_tasks(found)]

    # --- shots ------------------------------------------------------------------------------

    @command
    def generate(self, shot_id: int, kind: TaskType) -> Actions:
        start = {
            TaskType.KEYFRAME: self.api.generate_image,
            TaskType.MOTION: self.api.generate_video,
            TaskType.NARRATION: self.api.generate_narration,
        }[kind]
        task = start(shot_id)
        self.cache.save_task(task)
        return _tasks([task])

    def generate_many(self, shot_ids: Sequence[int], kind: TaskType) -> Actions:
        """The same stage for several shots (the storyboard's selection); the ones started
        before a refusal still run, and the refusal says which shot."""
        started: Actions = []
        for number, shot_id in enumerate(shot_ids, start=1):
            answer = self.generate(shot_id, kind)
            started.extend(answer)
            if any(isinstance(action, a.Failed) for action in answer):
                break
            if number == len(shot_ids):
                started.append(a.SelectionChanged(()))
        return started

    def edit(self, shot_id: int, field: str, value: str) -> Actions:
        """Send a prompt or narration edit; when the server is away, keep it to send later."""
        send = self.api.update_prompt if field == "prompt" else self.api.update_narration
        try:
            shot = send(shot_id, value)
        except ServerUnreachable:
            self.cache.keep_edit(shot_id, field, value)
            return [
                a.ConnectionChanged(False),
                a.PendingEdits(len(self.cache.pending_edits())),
                a.Informed("Saved on this computer; it goes to the server when it is back."),
            ]
        except (AuthExpired, ApiRefused) as error:
            return failure(error)
        self.cache.save_shot(shot)
        versions = tuple(self.api.versions(shot_id))
        return [
            a.ShotChanged(shot),
            a.VersionsLoaded(shot_id, versions),
            a.Informed(f"{field.capitalize()} saved."),
        ]

    def apply_edit(self, edit: Edit, value: EditValue) -> Actions:
        """Set what an edit changed to `value` (its `before` to undo, `after` to redo)."""
        if edit.field == "order":
            assert isinstance(value, tuple)
            return self.reorder(edit.project_id, value)
        assert edit.shot_id is not None
        if edit.field == "length":
            assert value is None or isinstance(value, float)
            return self.set_length(edit.shot_id, value)
        if edit.field == "transition":
            assert isinstance(value, str)
            return self.set_transition(edit.shot_id, value)
        if edit.field == "deleted":
            return self.delete_shot(edit.shot_id) if value else self.undelete_shot(edit.shot_id)
        if edit.field == "version":
            assert isinstance(value, int)
            return self.restore(edit.shot_id, value, remember=False)
        assert isinstance(value, str)
        return self.edit(edit.shot_id, edit.field, value)

    def send_pending(self) -> Actions:
        """Send the edits kept while the server was away (oldest first)."""
        sent: Actions = []
        for edit in self.cache.pending_edits():
            send = self.api.update_prompt if edit.field == "prompt" else self.api.update_narration
            try:
                shot = send(edit.shot_id, edit.value)
            except ServerUnreachable:
                break
            except ApiRefused as refused:
                sent.append(a.Failed(f"An edit kept offline was refused: {refused.message}"))
            else:
                self.cache.save_shot(shot)
                sent.append(a.ShotChanged(shot))
            self.cache.edit_sent(edit.seq)
        return [*sent, a.PendingEdits(len(self.cache.pending_edits()))]

    @command
    def reorder(self, project_id: int, shot_ids: Sequence[int]) -> Actions:
        shots = self.api.reorder(project_id, list(shot_ids))
        for shot in shots:
            self.cache.save_shot(shot)
        return [a.ShotsReordered(tuple(shots))]

    @command
    def update_cast(self, project_id: int, cast: list[dict[str, object]]) -> Actions:
        """A person's cast: the server rewrites the prompts that describe them; the
        storyboard is read again to show the new prompts."""
        self.api.update_cast(project_id, cast)
        view = self.api.storyboard(project_id)
        self.cache.save_storyboard(view)
        return [
            a.ProjectOpened(view),
            a.Informed(
                "The cast is saved; the prompts that describe them changed. Draw those shots "
                "again to see it."
            ),
        ]

    @command
    def set_length(self, shot_id: int, length_s: float | None) -> Actions:
        """Trim (or extend) a shot in the video; None: as long as its narration needs."""
        shot = self.api.update_length(shot_id, length_s)
        self.cache.save_shot(shot)
        return [a.ShotChanged(shot)]

    @command
    def set_transition(self, shot_id: int, transition: str) -> Actions:
        """How a shot comes in after the one before ("": as the export says)."""
        shot = self.api.update_transition(shot_id, Transition(transition) if transition else None)
        self.cache.save_shot(shot)
        return [a.ShotChanged(shot)]

    @command
    def delete_shot(self, shot_id: int) -> Actions:
        self.api.delete_shot(shot_id)
        return [a.ShotRemoved(shot_id)]

    @command
    def undelete_shot(self, shot_id: int) -> Actions:
        shots = self.api.undelete_shot(shot_id)
        for shot in shots:
            self.cache.save_shot(shot)
        return [a.ShotsReordered(tuple(shots))]

    @command
    def versions(self, shot_id: int) -> Actions:
        return [a.VersionsLoaded(shot_id, tuple(self.api.versions(shot_id)))]

    @command
    def restore(self, shot_id: int, version_id: int, *, remember: bool = True) -> Actions:
        """Give the shot a version's state. The server keeps the state it had as a new
        version first: with `remember`, undo goes back to that one."""
        shot = self.api.restore_version(shot_id, version_id)
        self.cache.save_shot(shot)
        versions = tuple(self.api.versions(shot_id))
        kept = next((v for v in versions if v.reason == "restore"), None)
        undo: Actions = []
        if remember and kept is not None:
            edit = Edit(shot.project_id, "version", kept.id, version_id, shot_id=shot_id)
            undo = [a.Edited(edit)]
        return [
            a.ShotChanged(shot),
            a.VersionsLoaded(shot_id, versions),
            *undo,
            a.Informed("Version restored."),
        ]

    # --- media ------------------------------------------------------------------------------

    def media(self, key: str, url: str) -> Path | None:
        """A media file from the cache, downloaded the first time; None when unavailable."""
        if not key or (not url and self.cache.media.cached(key) is None):
            return None
        try:
            return self.cache.media.get(key, url, self.api.fetch)
        except (ServerUnreachable, ApiRefused):
            return None

    def export_here(
        self,
        view: StoryboardView,
        output: Path,
        on_progress: Callable[[int, int], None] | None = None,
        choices: ExportChoices | None = None,
    ) -> Actions:
        """ "Export here" as a command: the MP4 made on this computer, or why not."""
        try:
            path = self.export_local(view, output, on_progress, choices)
        except StoryReelError as error:
            return [a.LocalExportProgress(None), *failure(error)]
        return [a.LocalExportDone(str(path)), a.Informed(f"Exported here: {path}")]

    def animatic(
        self, view: StoryboardView, transition: Transition = Transition.CROSSFADE
    ) -> Actions:
        """The project's animatic from the keyframes and narration here (fetched into the
        cache the first time); a shot without them yet plays as a blank, silent beat."""
        import wave

        from storyreel.pipeline.animatic import build_animatic

        if not view.shots:
            return []
        media = []
        for shot in view.shots:
            image = self.media(shot.image_key, shot.image_url)
            audio = self.media(shot.audio_key, shot.audio_url) if shot.duration_s else None
            media.append(
                ShotMedia(
                    keyframe_uri=str(image or ""),
                    narration_uri=str(audio or ""),
                    narration_duration_s=float(shot.duration_s or 0) if audio else 0.0,
                )
            )
        folder = self.cache.root / "animatic"
        try:
            built = build_animatic(storyboard_of(view), media, folder, transition)
        except (ValueError, OSError, EOFError, wave.Error) as error:
            return [a.Failed(f"The animatic could not be made: {error}")]
        _drop_older_tracks(folder, Path(built.audio) if built.audio else None)
        return [a.AnimaticReady(animatic_key(tuple(view.shots), transition), built)]

    def poster(self, video: Path) -> Actions:
        """A frame near the start of the video as its poster (made once; none on failure:
        the player shows the video itself)."""
        from storyreel.client.core.frames import save_frame

        target = video.with_name(f"{video.stem}.poster.png")
        try:
            if not target.is_file():
                save_frame(video, 1.0, target)
        except StoryReelError:
            return []
        return [a.PosterReady(str(video), str(target))]

    @command
    def save_frame(self, video: Path, seconds: float) -> Actions:
        """The frame at `seconds` saved as a PNG next to the video."""
        from storyreel.client.core.frames import save_frame

        if not video.is_file():
            return [a.Failed("Export the video first.")]
        target = video.with_name(f"{video.stem}-{seconds:.2f}s.png")
        save_frame(video, seconds, target)
        return [a.Informed(f"Frame saved: {target}")]

    def export_local(
        self,
        view: StoryboardView,
        output: Path,
        on_progress: Callable[[int, int], None] | None = None,
        choices: ExportChoices | None = None,
    ) -> Path:
        """Compose the MP4 here from cached keyframes and narration, with the compositor the
        server uses. Raises StoryReelError naming the shots that lack files."""
        from storyreel.pipeline.export_here import export_here

        missing = [str(s.order + 1) for s in view.shots if not _complete(s)]
        if not view.shots or missing:
            raise StoryReelError(
                f"generate the image and narration of shot(s) {', '.join(missing) or 'all'} first"
            )
        media = []
        for shot in view.shots:
            image = self.media(shot.image_key, shot.image_url)
            audio = self.media(shot.audio_key, shot.audio_url)
            if image is None or audio is None:
                raise StoryReelError(
                    f"shot {shot.order + 1}'s files are not on this computer yet; "
                    "open the project while the server is up"
                )
            media.append(
                ShotMedia(
                    keyframe_uri=str(image),
                    narration_uri=str(audio),
                    narration_duration_s=float(shot.duration_s or 0),
                )
            )
        choices = choices or ExportChoices()
        result = export_here(
            storyboard_of(view),
            media,
            output,
            on_progress,
            transition=choices.transition,
            subtitles=choices.subtitles,
            music=choices.music or None,
        )
        return Path(result.video_path)


def _complete(shot: ShotInfo) -> bool:
    return bool(shot.image_key and shot.audio_key and shot.duration_s)
