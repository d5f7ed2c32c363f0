"""Celery tasks: one per shot and stage. They call services; services enqueue them."""

from __future__ import annotations

import logging

from celery import Task as CeleryTask
from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings

from storyreel.contract import TaskType
from storyreel.server.studio.node_client import NodeRefused, NodeUnavailable, node_submit
from storyreel.server.studio.services import export as services_export
from storyreel.server.studio.services import tasks as services_tasks

log = logging.getLogger(__name__)


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=None)
def task_dispatch(self: CeleryTask, task_id: str) -> None:
    """Send a task's job to the model node, retrying with backoff while the node is away."""
    task = services_tasks.task_start(task_id=task_id)
    if task is None:
        return  # already finished (a redelivery after the webhook came)
    if task.type is TaskType.EXPORT:
        services_export.export_run(task=task)
        return
    job = {
        "task_id": str(task.id),
        "callback_url": f"{settings.STORYREEL_PUBLIC_URL}/api/webhook/task_complete",
        "payload": task.payload,
    }
    try:
        node_submit(task_type=task.type, job=job)
    except NodeUnavailable as error:
        retries = self.request.retries
        if retries >= settings.STORYREEL_NODE_RETRIES:
            services_tasks.task_fail(
                task_id=task_id,
                message=f"{error.message}; gave up after {retries + 1} tries. Check that the "
                "model node is running, then retry this task.",
            )
            return
        delay = min(60, 2**retries)
        log.info("task %s: %s; retry %d in %ss", task_id, error.message, retries + 1, delay)
        raise self.retry(countdown=delay) from error
    except NodeRefused as error:
        services_tasks.task_fail(task_id=task_id, message=error.message)
    except SoftTimeLimitExceeded:
        services_tasks.task_fail(task_id=task_id, message="the task took too long; retry it")
