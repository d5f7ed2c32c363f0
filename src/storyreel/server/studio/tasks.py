"""Celery tasks: one per shot and stage, and the sweep. They call services; services enqueue
them. Every way out of a dispatch ends the task or schedules another try: nothing is left
RUNNING because the worker hit something unexpected."""

from __future__ import annotations

import logging

from celery import Task as CeleryTask
from celery import shared_task
from celery.exceptions import Retry, SoftTimeLimitExceeded
from django.conf import settings

from storyreel.contract import TaskType
from storyreel.server.studio.node_client import NodeBusy, NodeRefused, NodeUnavailable, node_submit
from storyreel.server.studio.services import documents as services_documents
from storyreel.server.studio.services import export as services_export
from storyreel.server.studio.services import tasks as services_tasks

log = logging.getLogger(__name__)


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=None)
def task_dispatch(self: CeleryTask, task_id: str, failures: int = 0) -> None:
    """Send a task's job to the model node. While the node cannot be reached or fails it is
    tried again with backoff, up to STORYREEL_NODE_RETRIES; while its queue is full (503) it
    waits as long as the node asks, without using up those tries (the task's deadline still
    bounds the wait)."""
    try:
        _dispatch(self, task_id, failures)
    except (Retry, SoftTimeLimitExceeded):
        raise
    except Exception as error:  # a bug or a bad setting: end the task and say what broke
        log.exception("task %s: the worker failed", task_id)
        services_tasks.task_fail(
            task_id=task_id, message=f"the worker failed: {type(error).__name__}: {error}"
        )


def _dispatch(celery_task: CeleryTask, task_id: str, failures: int) -> None:
    task = services_tasks.task_start(task_id=task_id)
    if task is None:
        return  # already finished (a redelivery after the webhook came)
    if task.type.on_worker:
        run = (
            services_export.export_run
            if task.type is TaskType.EXPORT
            else services_documents.documents_run
        )
        try:
            run(task=task)
        except SoftTimeLimitExceeded:
            services_tasks.task_fail(
                task_id=task_id, message=f"the {task.type.value} took too long; retry it"
            )
        return
    job = {
        "task_id": str(task.id),
        "callback_url": f"{settings.STORYREEL_PUBLIC_URL}/api/webhook/task_complete",
        "backend": task.backend or None,
        "payload": task.payload,
    }
    try:
        url = node_submit(task_type=task.type, job=job)
    except NodeBusy as busy:
        log.info("task %s: %s; trying again in %ss", task_id, busy.message, busy.retry_after_s)
        raise celery_task.retry(
            args=(task_id,), kwargs={"failures": failures}, countdown=busy.retry_after_s
        ) from busy
    except NodeUnavailable as error:
        if failures >= settings.STORYREEL_NODE_RETRIES:
            services_tasks.task_fail(
                task_id=task_id,
                message=f"{error.message}; gave up after {failures + 1} tries. Check that the "
                "model node is running, then retry this task.",
            )
            return
        delay = min(60, 2**failures)
        log.info("task %s: %s; retry %d in %ss", task_id, error.message, failures + 1, delay)
        raise celery_task.retry(
            args=(task_id,), kwargs={"failures": failures + 1}, countdown=delay
        ) from error
    except NodeRefused as error:
        services_tasks.task_fail(task_id=task_id, message=error.message)
    except SoftTimeLimitExceeded:
        services_tasks.task_fail(task_id=task_id, message="the task took too long; retry it")
    else:
        services_tasks.task_ran_on(task_id=task_id, node=url)


@shared_task
def tasks_sweep() -> int:
    """Fail the tasks past their deadline (Celery beat runs this every STORYREEL_SWEEP_S),
    and forget WebSocket events kept longer than STORYREEL_EVENT_KEEP_S."""
    from storyreel.server.studio.events import events_forget
    from storyreel.server.studio.services.fleet import jobs_sweep

    events_forget(settings.STORYREEL_EVENT_KEEP_S)
    jobs_sweep()  # first: it pushes out the deadlines of jobs a live pull node can run
    return services_tasks.tasks_expire()
