"""Links to stored files: signed and expiring, for a person's client or for a model node."""

from __future__ import annotations

from urllib.parse import quote

from django.conf import settings
from django.core import signing
from django.core.files.storage import default_storage
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, HttpResponseRedirect

MEDIA_URL_LIFETIME_S = 3600
_SALT = "media"


def media_token(name: str) -> str:
    """The signed token of /api/media/<token> (URL-safe, no slashes)."""
    return signing.dumps(name, salt=_SALT, compress=True)


def media_name(token: str) -> str:
    """The stored name behind a token; signing.BadSignature when forged or expired."""
    name: str = signing.loads(token, salt=_SALT, max_age=MEDIA_URL_LIFETIME_S)
    return name


def _object_storage() -> bool:
    backend = settings.STORAGES["default"]["BACKEND"]
    return backend != "django.core.files.storage.FileSystemStorage"


def node_input_url(name: str, base: str = "") -> str:
    """A URL a model node can fetch a stored file from (a keyframe to animate): a presigned
    object-storage URL on S3, else this server's signed link at its public URL (or at
    `base`: the address a pull node called the server on)."""
    if _object_storage():
        return str(default_storage.url(name))  # presigned, expiring
    return f"{base or settings.STORYREEL_PUBLIC_URL}/api/media/{media_token(name)}"


def presigned_put(name: str) -> str:
    """A URL a model node can PUT a result file to, straight into object storage; "" with
    local storage (the node uploads to this server instead)."""
    if not _object_storage():
        return ""
    client = default_storage.connection.meta.client  # type: ignore[attr-defined]
    url: str = client.generate_presigned_url(
        "put_object",
        Params={"Bucket": default_storage.bucket_name, "Key": name},  # type: ignore[attr-defined]
        ExpiresIn=MEDIA_URL_LIFETIME_S,
    )
    return url


def direct_url(name: str, download_name: str = "") -> str:
    """Where a client gets a stored file straight from object storage: a presigned URL
    (saved as `download_name` when given); "" with local storage, or with
    STORYREEL_S3_REDIRECT=0 (a store clients cannot reach): then Django streams it."""
    if not _object_storage() or not settings.STORYREEL_S3_REDIRECT:
        return ""
    parameters = {}
    if download_name:
        fallback = download_name.encode("ascii", "replace").decode().replace("?", "_")
        parameters["ResponseContentDisposition"] = (
            f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(download_name)}"
        )
    url = default_storage.url(  # type: ignore[call-arg]
        name, parameters=parameters, expire=MEDIA_URL_LIFETIME_S
    )
    return str(url)


def file_download(stored: FieldFile, download_name: str) -> FileResponse | HttpResponseRedirect:
    """The answer that downloads a stored file as `download_name`: a redirect to object
    storage when clients can reach it (the store serves it), else Django streams it."""
    if direct := direct_url(stored.name or "", download_name=download_name):
        return HttpResponseRedirect(direct)
    return FileResponse(stored.open("rb"), as_attachment=True, filename=download_name)
