"""The reducer: every transition a view relies on, as plain function calls."""

from __future__ import annotations

from datetime import datetime, timezone

from storyreel.client.core import actions as a
from storyreel.client.core.state import AppState, Connection, Fix, Page, TaskView
from storyreel.client.core.store import Store, reduce
from storyreel.contract import AspectRatio, Language, ShotSize, TaskStatus, TaskType
from storyreel.contract.api import (
    EstimateInfo,
    ProjectInfo,
    ShotInfo,
    StoryboardView,
    TimingInfo,
)

NOW = datetime(2026, 11, 28, tzinfo=timezone.utc)


def project(pid: int = 1) -> ProjectInfo:
    return ProjectInfo(
        id=pid, title=f"P{pid}", language=Language.EN, aspect=AspectRatio.LANDSCAPE,
        created_at=NOW, updated_at=NOW,
    )  # fmt: skip


def shot(sid: int, order: int, pid: int = 1, prompt: str = "p") -> ShotInfo:
    return ShotInfo(
        id=sid, project_id=pid, order=order, prompt=prompt, narration="n",
        shot_size=ShotSize.WIDE, seed=1, status=TaskStatus.PENDING, updated_at=NOW,
    )  # fmt: skip


def task(tid: str, status: TaskStatus, **extra: object) -> TaskView:
    return TaskView(task_id=tid, type=TaskType.EXPORT, status=status, project_id=1, **extra)  # type: ignore[arg-type]


def test_opening_a_project_goes_to_the_storyboard_and_keeps_the_order() -> None:
    state = reduce(
        AppState(),
        a.ProjectOpened(StoryboardView(project=project(), shots=[shot(2, 0), shot(1, 1)])),
    )
    assert state.page is Page.STORYBOARD and [s.id for s in state.shots] == [2, 1]
    state = reduce(state, a.ShotChanged(shot(3, 2)))
    assert [s.id for s in state.shots] == [2, 1, 3]
    changed = reduce(state, a.ShotChanged(shot(1, 0, prompt="new")))
    assert next(s for s in changed.shots if s.id == 1).prompt == "new"
    assert reduce(state, a.ShotChanged(shot(9, 0, pid=2))) is state  # another project's shot


def test_offline_then_back_clears_the_offline_notice_only() -> None:
    state = reduce(AppState(), a.ConnectionChanged(False))
    state = reduce(state, a.Failed("away", Fix.RETRY))
    assert state.offline and state.read_only and state.notice is not None
    state = reduce(state, a.ConnectionChanged(True))
    assert state.connection is Connection.ONLINE and state.notice is None
    state = reduce(state, a.Failed("the prompt is empty", Fix.EDIT))
    assert reduce(state, a.ConnectionChanged(True)).notice is not None


def test_cached_projects_are_read_only() -> None:
    view = StoryboardView(project=project(), shots=[])
    state = reduce(AppState(connection=Connection.ONLINE), a.ProjectOpened(view, from_cache=True))
    assert state.read_only


def test_tasks_never_go_back_from_finished_and_keep_their_progress() -> None:
    state = reduce(AppState(), a.TaskChanged(task("t", TaskStatus.RUNNING, progress=0.5)))
    state = reduce(state, a.TaskChanged(task("t", TaskStatus.RUNNING)))
    assert state.tasks["t"].progress == 0.5
    state = reduce(state, a.TaskChanged(task("t", TaskStatus.FAILED, err_msg="boom")))
    late = reduce(state, a.TaskChanged(task("t", TaskStatus.RUNNING)))
    assert late.tasks["t"].status is TaskStatus.FAILED and late.failed_tasks()[0].err_msg == "boom"


def test_deleting_the_open_shot_or_project_goes_back() -> None:
    state = reduce(
        AppState(), a.ProjectOpened(StoryboardView(project=project(), shots=[shot(1, 0)]))
    )
    state = reduce(state, a.ShotSelected(1))
    assert state.page is Page.SHOT and state.shot is not None
    gone = reduce(state, a.ShotRemoved(1))
    assert gone.page is Page.STORYBOARD and gone.shot is None
    state = reduce(state, a.ProjectsLoaded((project(1), project(2))))
    closed = reduce(state, a.ProjectDeleted(1))
    assert closed.page is Page.ASSETS and closed.project is None and len(closed.projects) == 1


def test_signing_out_forgets_everything_but_the_connection() -> None:
    state = reduce(AppState(connection=Connection.ONLINE), a.SignedIn("mei"))
    state = reduce(state, a.ProjectsLoaded((project(),)))
    out = reduce(state, a.SignedOut())
    assert not out.signed_in and out.projects == () and out.connection is Connection.ONLINE


def test_the_store_tells_listeners_old_and_new() -> None:
    store = Store()
    seen: list[tuple[Page, Page]] = []
    store.subscribe(lambda old, new: seen.append((old.page, new.page)))
    store.dispatch(a.Navigate(Page.CREATE))
    assert seen == [(Page.ASSETS, Page.CREATE)] and store.history[-1] == a.Navigate(Page.CREATE)


def test_a_created_project_opens_on_its_storyboard() -> None:
    """It used to stay on the Create page with the form filled, inviting a duplicate."""
    state = AppState(page=Page.CREATE)
    state = reduce(state, a.ProjectCreated(StoryboardView(project=project(7), shots=[])))
    assert state.page is Page.STORYBOARD and state.project is not None
    assert state.project.id == 7 and state.shot_id is None


def test_a_project_keeps_what_the_server_expected_when_it_was_made_here() -> None:
    """The Create page's estimate goes with the project it was made for; an estimate of
    nothing measured (0 s) is not kept, and the server's timing lands per project."""
    priced = EstimateInfo(shots=3, video_s=20, stages={"keyframes": 9.0, "export": 3.0}, total_s=12)
    state = reduce(AppState(page=Page.CREATE), a.EstimateReady(priced))
    state = reduce(state, a.ProjectCreated(StoryboardView(project=project(7), shots=[])))
    assert state.expected == {7: priced}
    unknown = EstimateInfo(shots=3, video_s=20, stages={"export": 0.0}, total_s=0, note="n")
    state = reduce(reduce(state, a.EstimateReady(unknown)), a.ProjectCreated(
        StoryboardView(project=project(8), shots=[])
    ))  # fmt: skip
    assert set(state.expected) == {7}
    timing = TimingInfo(stages={"keyframes": 10.0, "export": 4.5}, total_s=14.5)
    state = reduce(state, a.TimingReady(7, timing))
    assert state.timings == {7: timing} and state.expected[7] is priced


def test_an_info_notice_stays_on_its_page_and_an_error_follows() -> None:
    saved = reduce(AppState(page=Page.SHOT), a.Informed("Prompt saved."))
    assert reduce(saved, a.Navigate(Page.STORYBOARD)).notice is None
    assert reduce(saved, a.Navigate(Page.SHOT)).notice is not None  # same page: kept
    failed = reduce(AppState(page=Page.SHOT), a.Failed("The server refused it."))
    assert reduce(failed, a.Navigate(Page.STORYBOARD)).notice is not None


def test_a_shot_nothing_was_made_for_is_not_generated_rather_than_pending() -> None:
    fresh = shot(3, 0)
    state = reduce(AppState(), a.ProjectOpened(StoryboardView(project=project(), shots=[fresh])))
    assert state.shot_status(fresh) == "NEW"
    queued = TaskView(
        task_id="k", type=TaskType.KEYFRAME, status=TaskStatus.PENDING, project_id=1, shot_id=3
    )
    assert reduce(state, a.TaskChanged(queued)).shot_status(fresh) == "PENDING"
    drawn = fresh.model_copy(update={"image_key": "k.png", "status": TaskStatus.SUCCESS})
    assert state.shot_status(drawn) == "SUCCESS"


def test_the_progress_counts_one_batch_of_the_open_projects_tasks() -> None:
    """It used to count every task ever seen: 0/20, then 5/36, then nothing."""

    def shot_task(tid: str, status: TaskStatus, pid: int = 1) -> a.TaskChanged:
        kind = TaskType.KEYFRAME
        return a.TaskChanged(TaskView(task_id=tid, type=kind, status=status, project_id=pid))

    state = reduce(AppState(), a.ProjectOpened(StoryboardView(project=project(), shots=[])))
    assert state.batch_progress() == (0, 0)
    for change in (shot_task("t1", TaskStatus.PENDING), shot_task("t2", TaskStatus.PENDING)):
        state = reduce(state, change)
    state = reduce(state, shot_task("elsewhere", TaskStatus.PENDING, pid=2))  # not this one's
    assert state.batch_progress() == (0, 2)
    state = reduce(state, shot_task("t1", TaskStatus.SUCCESS))
    assert state.batch_progress() == (1, 2)
    state = reduce(state, shot_task("t2", TaskStatus.FAILED))
    assert state.batch_progress() == (0, 0)  # over: nothing shown
    state = reduce(state, shot_task("t3", TaskStatus.PENDING))
    assert state.batch_progress() == (0, 1)  # the next batch starts from nothing


def test_undo_and_redo_move_edits_between_their_lists() -> None:
    from storyreel.client.core.state import Edit

    first = Edit(1, "prompt", "a", "b", shot_id=3)
    second = Edit(1, "order", (1, 2), (2, 1))
    state = reduce(AppState(), a.Edited(first))
    state = reduce(state, a.Edited(second))
    state = reduce(state, a.Undone(second))
    assert state.undo == (first,) and state.redo == (second,)
    assert reduce(state, a.Undone(second)) is state  # not the newest: nothing happens
    state = reduce(state, a.Redone(second))
    assert state.undo == (first, second) and state.redo == ()
    state = reduce(reduce(state, a.Undone(second)), a.Edited(Edit(1, "narration", "x", "y", 3)))
    assert state.redo == ()  # a new edit forgets what could be redone
    other = reduce(state, a.ProjectOpened(StoryboardView(project=project(2), shots=[])))
    assert other.undo == () == other.redo  # another project's edits are not undone here
