"""Voice samples: a short sentence in a voice, made once by the model node and kept, so a
person can hear a voice before choosing it."""

from __future__ import annotations

import re
import uuid

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from storyreel.contract import Language, NarrationRequest, NarrationResult, TaskStatus, TaskType
from storyreel.contract.node import NodeJob
from storyreel.errors import StoryReelError
from storyreel.server.studio.errors import ApplicationError
from storyreel.server.studio.node_client import node_fetch, node_run
from storyreel.server.studio.services import fleet

SAMPLE_TEXT = {
    Language.EN: "The storm came at dusk, and the keeper lit the lamp.",
    Language.ZH: "暴风雨在黄昏时来临，守塔人点亮了灯。",
}


def voice_sample(*, voice: str) -> str:
    """The storage name of the voice's sample (made on first use)."""
    capabilities = fleet.any_capabilities()
    info = next((v for v in capabilities.voice_info if v.name == voice), None)
    if info is None:
        raise ApplicationError(f"no voice named {voice!r} on the model node", code="not_found")
    name = f"voice-samples/{re.sub(r'[^A-Za-z0-9_.-]', '_', voice)}.wav"
    if default_storage.exists(name):
        return name
    request = NarrationRequest(text=SAMPLE_TEXT[info.language], language=info.language, voice=voice)
    if fleet.pull_mode():
        outcome = fleet.job_run_and_wait(
            stage=TaskType.NARRATION, payload=request.model_dump(mode="json"), voice=voice,
            language=info.language.value,
        )  # fmt: skip
        if outcome.status is not TaskStatus.SUCCESS or not isinstance(
            outcome.result, NarrationResult
        ):
            raise ApplicationError(
                f"the voice {voice!r} could not speak: {outcome.err_msg}", code="node_failed"
            )
        return default_storage.save(name, ContentFile(fleet.read_result(outcome.result.uri)))
    job = NodeJob[NarrationRequest](
        task_id=f"voice-sample-{uuid.uuid4().hex[:12]}", payload=request
    )
    try:
        outcome = node_run(task_type=TaskType.NARRATION, job=job.model_dump(mode="json"))
        if outcome.status is not TaskStatus.SUCCESS or not isinstance(
            outcome.result, NarrationResult
        ):
            raise ApplicationError(
                f"the voice {voice!r} could not speak: {outcome.err_msg}", code="node_failed"
            )
        audio = node_fetch(outcome.result.uri)
    except StoryReelError as error:
        if isinstance(error, ApplicationError):
            raise
        raise ApplicationError(error.message, code="node_unavailable") from error
    return default_storage.save(name, ContentFile(audio))
