from __future__ import annotations

from django.urls import path

from storyreel.server.studio.apis import accounts, fleet, internal, projects, shots, tasks

urlpatterns = [
    path("auth/register", accounts.RegisterApi.as_view()),
    path("auth/login", accounts.LoginApi.as_view()),
    path("auth/logout", accounts.LogoutApi.as_view()),
    path("projects/", projects.ProjectListApi.as_view()),
    path("projects/create", projects.ProjectCreateApi.as_view()),
    path("projects/<int:project_id>/storyboard", projects.ProjectStoryboardApi.as_view()),
    path("projects/<int:project_id>/delete", projects.ProjectDeleteApi.as_view()),
    path("projects/<int:project_id>/cast", projects.ProjectCastApi.as_view()),
    path("projects/<int:project_id>/generate_images", projects.ProjectGenerateImagesApi.as_view()),
    path("projects/<int:project_id>/reorder", projects.ShotsReorderApi.as_view()),
    path("projects/<int:project_id>/export", projects.ProjectExportApi.as_view()),
    path("projects/<int:project_id>/download", projects.ProjectDownloadApi.as_view()),
    path("shots/<int:shot_id>/update_prompt", shots.ShotUpdatePromptApi.as_view()),
    path("shots/<int:shot_id>/update_narration", shots.ShotUpdateNarrationApi.as_view()),
    path("shots/<int:shot_id>/generate_image", shots.ShotGenerateImageApi.as_view()),
    path("shots/<int:shot_id>/generate_video", shots.ShotGenerateVideoApi.as_view()),
    path("shots/<int:shot_id>/generate_narration", shots.ShotGenerateNarrationApi.as_view()),
    path("shots/<int:shot_id>/update_length", shots.ShotUpdateLengthApi.as_view()),
    path("shots/<int:shot_id>/update_transition", shots.ShotUpdateTransitionApi.as_view()),
    path("shots/<int:shot_id>/delete", shots.ShotDeleteApi.as_view()),
    path("shots/<int:shot_id>/undelete", shots.ShotUndeleteApi.as_view()),
    path("shots/<int:shot_id>/versions", shots.ShotVersionsApi.as_view()),
    path(
        "shots/<int:shot_id>/versions/<int:version_id>/restore",
        shots.ShotRestoreVersionApi.as_view(),
    ),
    path("tasks/<str:task_id>/status", tasks.TaskStatusApi.as_view()),
    path("tasks/<str:task_id>/retry", tasks.TaskRetryApi.as_view()),
    path("webhook/task_complete", internal.WebhookTaskCompleteApi.as_view()),
    path("media/<str:token>", internal.MediaApi.as_view()),
    path("voices", internal.VoicesApi.as_view()),
    path("voices/<str:voice>/sample", internal.VoiceSampleApi.as_view()),
    path("internal/events", internal.EventRelayApi.as_view()),
    path("nodes", fleet.NodeListApi.as_view()),
    path("node/register", fleet.NodeRegisterApi.as_view()),
    path("node/lease", fleet.lease_view),
    path("node/leases/<str:lease_id>/heartbeat", fleet.LeaseHeartbeatApi.as_view()),
    path("node/leases/<str:lease_id>/result", fleet.LeaseResultApi.as_view()),
    path("node/leases/<str:lease_id>/complete", fleet.LeaseCompleteApi.as_view()),
    path("node/leases/<str:lease_id>/release", fleet.LeaseReleaseApi.as_view()),
]
