"""Uploaded files on an S3-compatible object store (django-storages), against a real S3-compatible server on loopback
(moto's server): evidence is uploaded, screened and stored as a private object, downloaded through the permission-
checked view, backed up and restored from the bucket."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from django.core.files.storage import storages
from django.core.management import call_command
from fpdf import FPDF
from moto.server import ThreadedMotoServer

from conftest import World
from workforce_hub.config.settings.base import s3_storage
from workforce_hub.core import backup
from workforce_hub.monitoring.models import ManualValue
from workforce_hub.portfolios import services
from workforce_hub.portfolios.models import Evidence
from workforce_hub.portfolios.tests.factories import LearningRecordFactory

BUCKET = "hub-files"


def _pdf(text: str) -> bytes:
    pdf = FPDF()
    pdf.set_font("helvetica", size=11)
    pdf.add_page()
    pdf.multi_cell(0, 6, text)
    return bytes(pdf.output())


@pytest.fixture
def bucket(settings: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    for name, value in {
        "HUB_S3_BUCKET": BUCKET,
        "HUB_S3_ENDPOINT_URL": endpoint,
        "HUB_S3_REGION": "eu-west-2",
        "HUB_S3_ACCESS_KEY_ID": "hub-test",
        "HUB_S3_SECRET_ACCESS_KEY": "hub-test-secret",
    }.items():
        monkeypatch.setenv(name, value)
    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="eu-west-2",
        aws_access_key_id="hub-test",
        aws_secret_access_key="hub-test-secret",
    )
    client.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-west-2"})
    settings.STORAGES = {**settings.STORAGES, "default": s3_storage("files"), "evidence": s3_storage("evidence")}
    # file fields take their storage when the model is defined: point them at the object store for this test
    fields = [Evidence._meta.get_field("file"), ManualValue._meta.get_field("evidence_file")]
    before = [f.storage for f in fields]  # type: ignore[attr-defined]
    fields[0].storage = storages["evidence"]  # type: ignore[attr-defined]
    fields[1].storage = storages["default"]  # type: ignore[attr-defined]
    try:
        yield client
    finally:
        for field, storage in zip(fields, before, strict=True):
            field.storage = storage  # type: ignore[attr-defined]
        server.stop()


def _keys(client: Any) -> list[str]:
    return sorted(o["Key"] for o in client.list_objects_v2(Bucket=BUCKET).get("Contents", []))


def test_evidence_is_stored_in_the_bucket_and_read_back_through_the_hub(
    live_world: World, bucket: Any, tmp_path: Path, client: Any
) -> None:
    record = LearningRecordFactory(enrolment=live_world.enrolments["apprentice"])
    content = _pdf("Helped a resident use a tablet to call family.")
    evidence = services.evidence_add(
        actor=live_world.users["apprentice"],
        record=record,
        title="Video calls",
        upload=("calls.pdf", content),
        criteria=[],
    )
    evidence.refresh_from_db()
    assert evidence.file.name and not evidence.file.name.startswith("/")
    assert _keys(bucket) == [f"evidence/{evidence.file.name}"]
    stored = bucket.get_object(Bucket=BUCKET, Key=f"evidence/{evidence.file.name}")
    assert stored["Body"].read() == content
    assert bucket.get_object_acl(Bucket=BUCKET, Key=f"evidence/{evidence.file.name}")["Grants"][0]["Permission"] == (
        "FULL_CONTROL"  # the owner only: no public grant
    )

    client.force_login(live_world.users["apprentice"], backend="allauth.account.auth_backends.AuthenticationBackend")
    download = client.get(f"/learning/evidence/{evidence.pk}/file/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == content
    client.force_login(live_world.users["other_apprentice"])
    assert client.get(f"/learning/evidence/{evidence.pk}/file/").status_code in (403, 404)

    # a backup reads the files from the bucket; a restore writes them back
    target = backup.backup(tmp_path)
    assert f"files/evidence/{evidence.file.name}" in (target / backup.MANIFEST).read_text()
    call_command("flush", interactive=False, verbosity=0)
    bucket.delete_object(Bucket=BUCKET, Key=f"evidence/{evidence.file.name}")
    assert _keys(bucket) == []
    done = backup.restore(target)
    assert done.files == 1
    assert bucket.get_object(Bucket=BUCKET, Key=f"evidence/{evidence.file.name}")["Body"].read() == content
