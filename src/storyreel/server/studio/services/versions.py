"""A shot's earlier prompt, narration and files, kept before every change."""

from __future__ import annotations

from storyreel.server.studio.models import Shot, ShotVersion


def shot_version_create(*, shot: Shot, reason: str) -> ShotVersion:
    """Keep the shot as it is now (prompt, narration, seed, files) as a version."""
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
