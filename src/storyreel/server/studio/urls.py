from __future__ import annotations

from django.urls import path

from storyreel.server.studio import apis

urlpatterns = [
    path("auth/register", apis.RegisterApi.as_view()),
    path("auth/login", apis.LoginApi.as_view()),
    path("projects/", apis.ProjectListApi.as_view()),
    path("projects/create", apis.ProjectCreateApi.as_view()),
    path("projects/<int:project_id>/storyboard", apis.ProjectStoryboardApi.as_view()),
    path("projects/<int:project_id>/delete", apis.ProjectDeleteApi.as_view()),
    path("projects/<int:project_id>/generate_images", apis.ProjectGenerateImagesApi.as_view()),
    path("projects/<int:project_id>/reorder", apis.ShotsReorderApi.as_view()),
    path("projects/<int:project_id>/export", apis.ProjectExportApi.as_view()),
    path("projects/<int:project_id>/download", apis.ProjectDownloadApi.as_view()),
    path("shots/<int:shot_id>/update_prompt", apis.ShotUpdatePromptApi.as_view()),
    path("shots/<int:shot_id>/update_narration", apis.ShotUpdateNarrationApi.as_view()),
    path("shots/<int:shot_id>/generate_image", apis.ShotGenerateImageApi.as_view()),
    path("shots/<int:shot_id>/generate_video", apis.ShotGenerateVideoApi.as_view()),
    path("shots/<int:shot_id>/generate_narration", apis.ShotGenerateNarrationApi.as_view()),
    path("shots/<int:shot_id>/delete", apis.ShotDeleteApi.as_view()),
    path("shots/<int:shot_id>/versions", apis.ShotVersionsApi.as_view()),
    path(
        "shots/<int:shot_id>/versions/<int:version_id>/restore",
        apis.ShotRestoreVersionApi.as_view(),
    ),
    path("tasks/<str:task_id>/status", apis.TaskStatusApi.as_view()),
    path("tasks/<str:task_id>/retry", apis.TaskRetryApi.as_view()),
    path("webhook/task_complete", apis.WebhookTaskCompleteApi.as_view()),
    path("media/<str:token>", apis.MediaApi.as_view()),
    path("voices", apis.VoicesApi.as_view()),
    path("internal/events", apis.EventRelayApi.as_view()),
]
