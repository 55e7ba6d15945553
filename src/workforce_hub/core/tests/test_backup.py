"""Backups: a backup of a partnership restores into an emptied database with the same rows and the same files
(hashes checked), a damaged backup is refused before anything is written, and a database that already holds a
partnership is refused."""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management import call_command

from workforce_hub.core import backup


def test_a_backup_restores_rows_and_files(live_world: Any, tmp_path: Path, monkeypatch: Any) -> None:
    analysed: list[int] = []
    real = backup.refresh_statistics
    monkeypatch.setattr(backup, "refresh_statistics", lambda: analysed.append(real()) or analysed[-1])
    evidence = storages["evidence"]
    name = evidence.save("backup-test/minutes.pdf", ContentFile(b"%PDF-1.4 minutes"))
    try:
        before = backup.counts()
        assert before["people.person"] > 10
        target = backup.backup(tmp_path)
        assert not list(tmp_path.glob("*.partial"))
        manifest = (target / backup.MANIFEST).read_text()
        assert f"files/evidence/{name}" in manifest

        with pytest.raises(backup.BackupError, match="new database"):
            backup.restore(target)  # this one holds a partnership

        call_command("flush", interactive=False, verbosity=0)
        evidence.delete(name)
        done = backup.restore(target)
        assert done.files >= 1 and backup.counts() == before
        assert len(analysed) == 1 and analysed[0] > 50  # every table loaded at once is analysed afterwards
        with evidence.open(name) as f:
            assert f.read() == b"%PDF-1.4 minutes"

        call_command("flush", interactive=False, verbosity=0)
        damaged = target / f"files/evidence/{name}"
        damaged.write_bytes(b"changed")
        with pytest.raises(backup.BackupError, match="missing or damaged"):
            backup.restore(target)
        data = target / backup.DATA
        with gzip.open(data, "wt") as f:
            f.write("[]")
        with pytest.raises(backup.BackupError, match="database part of the backup is damaged"):
            backup.restore(target)
        assert backup.counts()["people.person"] == 0  # nothing was written
    finally:
        if evidence.exists(name):
            evidence.delete(name)


def test_a_backup_taken_before_a_model_moved_app_restores_under_its_label_now(live_world: Any, tmp_path: Path) -> None:
    """Digital champions were `digital_skills` models until ADR 0029: a backup of that time names them so."""
    from workforce_hub.digital_champions.models import Champion
    from workforce_hub.digital_champions.tests.factories import ChampionFactory

    champion = ChampionFactory(person=live_world.people["staff"], organisation=live_world.orgs["host"], team="Ward 7")
    before = backup.counts()
    target = backup.backup(tmp_path)
    # rewrite the backup as one taken before the move: the old labels in its data and in its manifest
    data = target / backup.DATA
    with gzip.open(data, "rt", encoding="utf-8") as f:
        rows = json.load(f)
    for row in rows:
        row["model"] = row["model"].replace("digital_champions.", "digital_skills.")
    assert any(row["model"] == "digital_skills.champion" for row in rows)
    with gzip.open(data, "wt", encoding="utf-8") as out:
        json.dump(rows, out)
    manifest = json.loads((target / backup.MANIFEST).read_text())
    manifest["rows"] = {k.replace("digital_champions.", "digital_skills."): v for k, v in manifest["rows"].items()}
    manifest["data_sha256"] = hashlib.sha256(data.read_bytes()).hexdigest()
    (target / backup.MANIFEST).write_text(json.dumps(manifest))

    call_command("flush", interactive=False, verbosity=0)
    backup.restore(target)
    assert backup.counts() == before
    assert Champion.objects.get(pk=champion.pk).team == "Ward 7"
