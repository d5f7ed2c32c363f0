"""The contract's enums on the models: stored as their values, read back as members."""

from __future__ import annotations

import pytest
from django.db import connection

from livestack import make_user
from storyreel.contract import AspectRatio, Language, ShotSize, TaskStatus
from storyreel.server.studio.models import Project, Shot


@pytest.mark.django_db
def test_enum_fields_store_values_and_give_back_members() -> None:
    _client, user_id = make_user("enums")
    project = Project.objects.create(owner_id=user_id, title="t", story="s.", language="zh")
    assert project.language is Language.ZH  # a string assigned becomes the member
    assert project.aspect is AspectRatio.LANDSCAPE
    shot = Shot.objects.create(project=project, order=0, prompt="p", narration="n")
    shot.status = TaskStatus.RUNNING
    shot.save()
    fresh = Shot.objects.get(id=shot.id)
    assert fresh.status is TaskStatus.RUNNING and fresh.shot_size is ShotSize.MEDIUM
    assert Shot.objects.filter(status=TaskStatus.RUNNING).count() == 1
    with connection.cursor() as cursor:  # the column holds the plain value
        cursor.execute("SELECT status FROM studio_shot WHERE id = %s", [shot.id])
        assert cursor.fetchone() == ("RUNNING",)
    with pytest.raises(ValueError):
        shot.status = "DONE"  # not a status: refused before it reaches the database
