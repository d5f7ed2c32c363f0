"""A shot's earlier prompt, narration and files, kept before every change."""

from __future__ import annotations

from storyreel.server.studio.models import Shot, ShotVersion


def shot_version_create(*, shot: Shot, reason: str) -> ShotVersion:
    """Keep the shot as it is now (prompt, narration, seed, files) as a version.

    Call inside the transaction that then changes the shot. The shot's row is locked first:
    on InnoDB (MySQL, MariaDB) inserting the version takes a shared lock on the shot through
    its foreign key, and two such transactions that then update the shot deadlock (found by
    the API fuzz test on MariaDB: an edit beside a result arriving)."""
    list(Shot.objects.select_for_update().filter(pk=shot.pk).values_list("pk", flat=True))
    return ShotVersion.objects.create(
        shot=shot,
        prompt=shot.prompt,
        narration=shot.narration,
        seed=shot.seed,
        image=shot.image.name or "",
        video=shot.video.name or "",
        audio=shot.audio.name or "",
        duration_s=shot.duration_s,
        reason=reason,
    )
