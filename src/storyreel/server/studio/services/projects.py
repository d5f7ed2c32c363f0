"""Projects: created with their storyboard task; shots generated and reordered as a whole."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.db import transaction

from storyreel.contract import AspectRatio, Language, TaskType
from storyreel.errors import StoryInputError
from storyreel.server.studio.errors import ApplicationError
from storyreel.server.studio.models import Project, Shot, Task
from storyreel.server.studio.selectors import User
from storyreel.server.studio.services.tasks import task_create
from storyreel.text.language import detect_language
from storyreel.text.story import check_story, default_title


def project_create(
    *,
    owner: User,
    title: str,
    story: str,
    style: str = "",
    language: Language | None = None,
    aspect: AspectRatio = AspectRatio.LANDSCAPE,
    voice: str = "",
    seed: int = 0,
) -> tuple[Project, Task]:
    """A project and its storyboard task."""
    try:
        story = check_story(story.strip(), settings.STORYREEL_MAX_STORY_CHARS)
    except StoryInputError as error:
        raise ApplicationError(error.message, code=error.code) from error
    language = language or detect_language(story)
    if voice:
        _check_voice(voice, language)
    with transaction.atomic():
        project = Project.objects.create(
            owner_id=owner.pk,
            title=title.strip() or default_title(story),
            story=story,
            style=style.strip(),
            language=language,
            aspect=aspect,
            voice=voice,
            seed=seed,
        )
        task = task_create(project=project, task_type=TaskType.STORYBOARD)
    return project, task


def _check_voice(voice: str, language: Language) -> None:
    """Refuse a voice that speaks another language than the story (as the nodes list their
    voices; when no node can be asked, the node refuses it later, with the same words)."""
    from storyreel.narration.voices import voice_language_mismatch
    from storyreel.server.studio.services.fleet import any_capabilities

    try:
        voices = any_capabilities().voice_info
    except ApplicationError:
        return
    found = next((v for v in voices if v.name == voice), None)
    if found is not None and found.language is not language:
        fitting = [v.name for v in voices if v.language is language]
        raise ApplicationError(
            voice_language_mismatch(voice, found.language, language, fitting),
            code="voice_language",
        )


def project_delete(*, project: Project) -> None:
    project.delete()


def project_generate_images(*, project: Project, backend: str = "") -> list[Task]:
    with transaction.atomic():
        return [
            task_create(project=project, task_type=TaskType.KEYFRAME, shot=s, backend=backend)
            for s in project.shots.all()
        ]


def shots_reorder(*, project: Project, shot_ids: Iterable[int]) -> None:
    ids = list(shot_ids)
    existing = set(project.shots.values_list("id", flat=True))
    if set(ids) != existing or len(ids) != len(existing):
        raise ApplicationError("give every shot of the project exactly once", code="bad_order")
    with transaction.atomic():
        for order, shot_id in enumerate(ids):
            Shot.objects.filter(id=shot_id).update(order=order)
