"""Where results go: a local folder served by the node, or any S3-compatible store."""

from __future__ import annotations

import os
import shutil
from abc import ABC, abstractmethod
from pathlib import Path
from typing import Any
from urllib.parse import quote

from storyreel.errors import StoryReelError
from storyreel.node.settings import NodeSettings


class StorageError(StoryReelError):
    """A result could not be stored (disk full, bucket missing, credentials refused)."""


class ResultStorage(ABC):
    """Stores a result file under a key and returns the URL the callback carries."""

    @abstractmethod
    def put(self, *, key: str, source: Path, content_type: str) -> str:
        """Store source under key; return its URL."""

    def local_path(self, key: str) -> Path | None:
        """The file behind a key when it lives on this machine (served at /files/<key>)."""
        return None


class LocalResultStorage(ResultStorage):
    """A folder on the node; URLs point at the node's own token-protected /files route."""

    def __init__(self, root: Path, public_url: str) -> None:
        self.root = root.resolve()
        self.public_url = public_url.rstrip("/")

    def put(self, *, key: str, source: Path, content_type: str) -> str:
        target = self._path(key)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            partial = target.with_name(target.name + ".partial")
            shutil.copyfile(source, partial)
            os.replace(partial, target)
        except OSError as error:
            raise StorageError(f"cannot store result in {self.root}: {error.strerror}") from error
        return f"{self.public_url}/files/{quote(key)}"

    def local_path(self, key: str) -> Path | None:
        try:
            path = self._path(key)
        except StorageError:
            return None  # a key no result can have (outside the folder, a NUL byte): 404
        return path if path.is_file() else None

    def _path(self, key: str) -> Path:
        if "\x00" in key:
            raise StorageError("invalid result key: it holds a NUL byte")
        path = (self.root / key).resolve()
        if not path.is_relative_to(self.root):
            raise StorageError(f"invalid result key {key!r}")
        return path


class S3ResultStorage(ResultStorage):
    """Any S3-compatible bucket (AWS, MinIO, R2, moto); URLs are presigned and expire."""

    def __init__(
        self, bucket: str, prefix: str, endpoint_url: str | None, url_expiry_s: int
    ) -> None:
        try:
            import boto3
        except ImportError as error:
            raise StorageError("S3 storage needs boto3: pip install 'storyreel[node]'") from error
        self.bucket = bucket
        self.prefix = prefix.strip("/")
        self.url_expiry_s = url_expiry_s
        self._client: Any = boto3.client("s3", endpoint_url=endpoint_url)

    def put(self, *, key: str, source: Path, content_type: str) -> str:
        from boto3.exceptions import Boto3Error
        from botocore.exceptions import BotoCoreError, ClientError

        full_key = f"{self.prefix}/{key}" if self.prefix else key
        try:
            self._client.upload_file(
                str(source), self.bucket, full_key, ExtraArgs={"ContentType": content_type}
            )
            url: str = self._client.generate_presigned_url(
                "get_object",
                Params={"Bucket": self.bucket, "Key": full_key},
                ExpiresIn=self.url_expiry_s,
            )
        except (Boto3Error, BotoCoreError, ClientError) as error:
            raise StorageError(
                f"cannot upload to s3://{self.bucket}/{full_key}: {error}"
            ) from error
        return url


def storage_from_settings(settings: NodeSettings) -> ResultStorage:
    """Local folder by default; `s3://bucket/prefix` selects S3."""
    if settings.storage.startswith("s3://"):
        bucket, _, prefix = settings.storage[len("s3://") :].partition("/")
        if not bucket:
            raise StorageError("STORYREEL_NODE_STORAGE=s3://… needs a bucket name")
        return S3ResultStorage(bucket, prefix, settings.s3_endpoint_url, settings.s3_url_expiry_s)
    return LocalResultStorage(Path(settings.storage).expanduser(), settings.public_url)
