"""Backups a partnership's IT team can restore: the whole database as Django fixtures (so a backup taken on SQLite
restores into PostgreSQL and the other way), every file of the file storages (folders on disk or an S3-compatible
object store, read through the storage API), and a manifest of what is in it —
the migrations it was taken at, the number of rows of each model and a SHA-256 of every file — so a restore checks
the backup before writing anything and checks the result after.

`manage.py backup DIR` writes `DIR/hub-backup-<time>/`; `manage.py restore PATH` restores into an empty, migrated
database (refused otherwise) and puts the files back."""

from __future__ import annotations

import gzip
import hashlib
import json
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.files import File
from django.core.files.storage import Storage, storages
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from .database import refresh_statistics

#: made again by `migrate` (content types, permissions) or not worth keeping (sessions, task results)
LEFT_OUT = ("contenttypes", "auth.permission", "sessions", "admin.logentry", "django_tasks_database")
DATA = "data.json.gz"
MANIFEST = "manifest.json"


class BackupError(Exception):
    pass


#: model labels that changed since a backup may have been taken (a model that moved app): old label -> new. Each
#: app that takes over another's models registers them (`moved`), so core names no domain app.
_MOVED: dict[str, str] = {}


def moved(old: str, new: str) -> None:
    """Say that the model once labelled `old` (for example "digital_skills.champion") is now `new`: a restore of a
    backup taken before the move loads its rows as the model it is now."""
    _MOVED[old.lower()] = new.lower()


def _as_now(label: str) -> str:
    return _MOVED.get(label, label)


def _data_as_now(source: Path, manifest: dict[str, Any], scratch: Path) -> Path:
    """The backup's data, with the rows of models that have moved app since it was taken under the labels they have
    now. A backup with none is used as it is."""
    if not any(label in _MOVED for label in manifest["rows"]):
        return source / DATA
    with gzip.open(source / DATA, "rt", encoding="utf-8") as f:
        rows = json.load(f)
    for row in rows:
        row["model"] = _as_now(row["model"])
    path = scratch / DATA
    with gzip.open(path, "wt", encoding="utf-8") as out:
        json.dump(rows, out)
    return path


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _file_storages() -> dict[str, Storage]:
    """Every storage that holds the Hub's files (not the built static files): folders on disk or an object store."""
    return {alias: storages[alias] for alias in settings.STORAGES if alias != "staticfiles"}


def _names(storage: Storage, folder: str = "") -> Iterator[str]:
    """Every file in a storage, through the storage's own API (a folder on disk, or S3)."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:  # a folder on disk that was never made: no files yet
        return
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for sub in sorted(folders):
        yield from _names(storage, f"{folder}/{sub}" if folder else sub)


def _models() -> list[Any]:
    """The models a backup holds: everything `dumpdata` writes (all but `LEFT_OUT`), so counts and data agree."""
    return [
        m
        for m in apps.get_models()
        if m._meta.app_label not in LEFT_OUT
        and m._meta.label_lower not in LEFT_OUT
        and not m._meta.proxy
        and m._meta.managed
    ]


def counts() -> dict[str, int]:
    return {m._meta.label_lower: m._default_manager.count() for m in _models()}


def _migrations() -> dict[str, str]:
    latest: dict[str, str] = {}
    for app, name in MigrationRecorder(connections[DEFAULT_DB_ALIAS]).applied_migrations():
        latest[app] = max(latest.get(app, ""), name)
    return dict(sorted(latest.items()))


def backup(directory: Path) -> Path:
    """Write a backup into a new folder under `directory`; returns the folder."""
    final = directory / f"hub-backup-{timezone.now():%Y%m%d-%H%M%S}"
    target = final.with_name(final.name + ".partial")  # renamed when complete: a half-written backup never looks done
    target.mkdir(parents=True, exist_ok=False)
    try:
        _write(target)
    except BaseException:
        shutil.rmtree(target, ignore_errors=True)
        raise
    target.rename(final)
    return final


def _write(target: Path) -> None:
    data = target / DATA
    with transaction.atomic():  # one consistent view of the database (PostgreSQL: repeatable inside the block)
        rows = counts()
        with gzip.open(data, "wt", encoding="utf-8") as out:
            call_command(
                "dumpdata",
                exclude=list(LEFT_OUT),
                natural_foreign=True,
                natural_primary=False,
                stdout=out,
                verbosity=0,
            )
    files: dict[str, str] = {}
    for alias, storage in _file_storages().items():
        for name in _names(storage):
            relative = Path("files") / alias / name
            (target / relative).parent.mkdir(parents=True, exist_ok=True)
            with storage.open(name, "rb") as source, (target / relative).open("wb") as copy:
                shutil.copyfileobj(source, copy)
            files[str(relative)] = _sha256(target / relative)
    manifest = {
        "taken_at": timezone.now().isoformat(),
        "database": connections[DEFAULT_DB_ALIAS].vendor,
        "migrations": _migrations(),
        "rows": rows,
        "data_sha256": _sha256(data),
        "files": files,
    }
    (target / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True))


@dataclass(frozen=True)
class Restored:
    rows: int
    files: int


def _check(source: Path) -> dict[str, Any]:
    manifest_path = source / MANIFEST
    if not manifest_path.exists():
        raise BackupError(f"{source} has no {MANIFEST}: it is not a Hub backup.")
    manifest: dict[str, Any] = json.loads(manifest_path.read_text())
    if _sha256(source / DATA) != manifest["data_sha256"]:
        raise BackupError("The database part of the backup is damaged (its hash does not match the manifest).")
    for relative, digest in manifest["files"].items():
        path = source / relative
        if not path.exists() or _sha256(path) != digest:
            raise BackupError(f"A file of the backup is missing or damaged: {relative}.")
    here = _migrations()
    behind = [app for app, name in manifest["migrations"].items() if here.get(app, "") < name]
    if behind:
        raise BackupError(f"Migrate this database first: it is behind the backup in {', '.join(behind)}.")
    return manifest


#: a database with none of these rows holds no partnership yet (a fresh `migrate` fills only reference data)
_MARKS = ("organisations.partnership", "people.person", "accounts.user")


def restore(source: Path) -> Restored:
    """Restore a backup into a new, migrated database (one with no partnership, person or login yet) and put its
    files back. Checks the backup before writing anything and the rows after. The database is emptied first
    (`flush`: the reference data `migrate` loaded comes back from the backup with the ids other rows point to); if
    the restore fails, drop that database and start again from a new one."""
    manifest = _check(source)
    full = [label for label in _MARKS if apps.get_model(label)._default_manager.exists()]
    if full:
        raise BackupError(f"Restore only into a new database: this one already holds {', '.join(full)}.")
    call_command("flush", interactive=False, verbosity=0)
    with transaction.atomic():
        # `flush` loads reference data again (the shipped frameworks...) under new ids: it comes back from the
        # backup instead, with the ids the other rows point to (foreign keys are checked at the commit)
        kept = {m._meta.label_lower for m in _models()}
        for model in apps.get_models(include_auto_created=True):
            through_of: Any = model._meta.auto_created  # the model an automatic many-to-many table belongs to
            owner = through_of._meta.label_lower if through_of else None
            if model._meta.label_lower in kept or owner in kept:
                model._base_manager.all()._raw_delete(DEFAULT_DB_ALIAS)
        with tempfile.TemporaryDirectory() as scratch:
            call_command("loaddata", str(_data_as_now(source, manifest, Path(scratch))), verbosity=0)
        after = counts()
        expected = {_as_now(label): n for label, n in manifest["rows"].items()}
        wrong = {k: (v, after.get(k)) for k, v in expected.items() if after.get(k) != v}
        if wrong:
            raise BackupError(f"The restored database does not match the backup: {wrong}")
    refresh_statistics()  # every table was loaded at once: the planner must not guess from empty statistics
    copied = 0
    targets = _file_storages()
    for relative in manifest["files"]:
        _, alias, *rest = Path(relative).parts
        storage = targets.get(alias)
        if storage is None:
            raise BackupError(f"This Hub has no file storage named {alias}.")
        name = "/".join(rest)
        if storage.exists(name):
            storage.delete(name)
        with (source / relative).open("rb") as f:
            saved = storage.save(name, File(f))
        if saved != name:
            raise BackupError(f"The storage {alias} stored {name} under another name ({saved}).")
        copied += 1
    return Restored(sum(manifest["rows"].values()), copied)
