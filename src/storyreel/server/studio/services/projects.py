"""Projects: created with their storyboard task; shots generated and reordered as a whole."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from pydantic import TypeAdapter, ValidationError

from storyreel.contract import AspectRatio, CastMember, Language, TaskType
from storyreel.contract.stages import MAX_TOPIC_CHARS
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
    cast: list[dict[str, object]] | None = None,
    topic: str = "",
    story_length: str = "short",
) -> tuple[Project, Task]:
    """A project and its storyboard task; a cast given here is the one every shot uses.
    With a topic and no story, an LLM writes the story first (in `language`, English when
    not given), then cuts it: the storyboard task runs on STORYREEL_TOPIC_BACKEND."""
    topic = " ".join(topic.split())
    if topic and not story.strip():
        if len(topic) > MAX_TOPIC_CHARS:
            raise ApplicationError(
                f"the topic is over {MAX_TOPIC_CHARS} characters", code="invalid_topic"
            )
        story, language = "", language or detect_language(topic)
    else:
        try:
            story = check_story(story.strip(), settings.STORYREEL_MAX_STORY_CHARS, language)
        except StoryInputError as error:
            raise ApplicationError(error.message, code=error.code) from error
        topic = ""
    language = language or detect_language(story)
    if voice:
        _check_voice(voice, language)
    members = None if cast is None else cast_parse(cast)
    with transaction.atomic():
        project = Project.objects.create(
            owner_id=owner.pk,
            title=title.strip() or default_title(story or topic),
            story=story,
            topic=topic,
            style=style.strip(),
            language=language,
            aspect=aspect,
            voice=voice,
            seed=seed,
            cast=[] if members is None else [m.model_dump(mode="json") for m in members],
            cast_fixed=members is not None,
        )
        task = task_create(
            project=project,
            task_type=TaskType.STORYBOARD,
            options={"story_length": story_length} if topic else None,
            backend=settings.STORYREEL_TOPIC_BACKEND if topic else "",
        )
    return project, task


_CAST = TypeAdapter(list[CastMember])


def cast_parse(cast: list[dict[str, object]]) -> list[CastMember]:
    """A cast as a person wrote it, checked: names unique, each with a look."""
    if len(cast) > 24:
        raise ApplicationError("a cast has at most 24 members", code="invalid_cast")
    try:
        members = _CAST.validate_python(cast)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise ApplicationError(f"cast {where}: {first['msg']}", code="invalid_cast") from error
    names = [m.name.casefold() for m in members]
    if len(set(names)) != len(names):
        raise ApplicationError("two cast members have the same name", code="invalid_cast")
    return members


def project_cast_update(*, project: Project, cast: list[dict[str, object]]) -> int:
    """Set the project's cast (a member's `was` names the one it replaces, when renamed);
    every shot prompt that describes a member as the storyboard wrote it ("Mei (look)")
    is rewritten with the new name and look. Returns how many shots changed."""
    renamed = {str(m.get("name")): str(m.pop("was")) for m in cast if m.get("was")}
    members = cast_parse(cast)
    old = {m.name: m for m in _CAST.validate_python(project.cast)}
    changed: list[Shot] = []
    with transaction.atomic():
        shots = list(project.shots.select_for_update())
        for member in members:
            before = old.get(renamed.get(member.name, member.name))
            if before is None:
                continue
            said, now = f"{before.name} ({before.look})", f"{member.name} ({member.look})"
            for shot in shots:
                if said in shot.prompt and said != now:
                    shot.prompt = shot.prompt.replace(said, now)
                    changed.append(shot)
        Shot.objects.bulk_update(set(changed), ["prompt"])
        project.cast = [m.model_dump(mode="json") for m in members]
        project.cast_fixed = True
        project.save(update_fields=["cast", "cast_fixed", "updated_at"])
    return len(set(changed))


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
