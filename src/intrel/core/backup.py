"""Backup and restore of a whole installation: the database (every app, as portable JSON) and
the uploaded files (MEDIA_ROOT), in one archive with a manifest and checksums (issue 18).

The archive is a gzip'd tar:

- ``manifest.json``: format, when, from which database, the migrations applied, the number of
  records per model, and the SHA-256 and size of ``data.json`` and of every file;
- ``data.json``: Django's ``dumpdata`` of every model (natural keys for content types and
  permissions, which each installation numbers itself; every other primary key kept, so the
  history tables and the links between records come back as they were). Left out: content
  types and permissions (``migrate`` makes them), sessions (a restore signs everyone out);
- ``media/...``: every uploaded file.

``backup_restore`` loads it into an *empty* installation only (migrated, no users, no records,
no uploaded files) and checks every checksum before it writes anything. It works on SQLite and
PostgreSQL alike: the data is JSON, not a database file.
"""

import hashlib
import io
import json
import shutil
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = "intrel-backup/1"
MANIFEST = "manifest.json"
DATA = "data.json"
MEDIA_PREFIX = "media/"
# Made by `migrate` itself (and so in every installation): not backed up, or replaced on restore.
EXCLUDED = ["contenttypes", "auth.permission", "sessions"]
# Rows `migrate` puts into an empty installation: the role groups (accounts.roles_sync). The
# backup carries its own, so these are replaced.
SEEDED = {"auth.group", "auth.group_permissions"}


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why and what to do."""


@dataclass
class RestoreResult:
    records: int
    files: int
    counts: dict[str, int] = field(default_factory=dict)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _models() -> list[Any]:
    return [
        m
        for m in apps.get_models(include_auto_created=True)
        if m._meta.app_label not in ("contenttypes", "sessions")
        and m._meta.label_lower != "auth.permission"
    ]


def record_counts() -> dict[str, int]:
    """The number of records of every backed-up model (``app_label.model``)."""
    return {m._meta.label_lower: m._default_manager.count() for m in _models()}


def _applied_migrations() -> list[str]:
    recorder = MigrationRecorder(connection)
    return sorted(f"{app}.{name}" for app, name in recorder.applied_migrations())


def _media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def _media_files() -> list[Path]:
    root = _media_root()
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink())


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(timezone.now().timestamp())
    info.mode = 0o600
    archive.addfile(info, io.BytesIO(data))


def backup_create(path: Path) -> dict[str, Any]:
    """Write the archive to ``path`` (atomically: a partial file never has the name); returns
    the manifest."""
    out = io.StringIO()
    with transaction.atomic():  # one consistent view of the data (PostgreSQL: one snapshot)
        call_command(
            "dumpdata",
            exclude=EXCLUDED,
            natural_foreign=True,
            indent=None,
            stdout=out,
        )
        counts = record_counts()
        migrations = _applied_migrations()
    data = out.getvalue().encode()
    root = _media_root()
    files: list[dict[str, Any]] = [
        {
            "path": p.relative_to(root).as_posix(),
            "size": p.stat().st_size,
            "sha256": _file_sha256(p),
        }
        for p in _media_files()
    ]
    manifest = {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(),
        "database": connection.vendor,
        "migrations": migrations,
        "counts": counts,
        "data": {"path": DATA, "size": len(data), "sha256": _sha256(data)},
        "files": files,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    with tarfile.open(partial, "w:gz") as archive:
        _add_bytes(archive, MANIFEST, json.dumps(manifest, indent=2).encode())
        _add_bytes(archive, DATA, data)
        for entry in files:
            archive.add(root / entry["path"], arcname=MEDIA_PREFIX + entry["path"])
    partial.replace(path)
    return manifest


def _safe_name(name: str) -> str:
    pure = PurePosixPath(name)
    if pure.is_absolute() or ".." in pure.parts or not pure.parts:
        raise BackupError(f"The archive holds an unsafe path {name!r}: refused.")
    return pure.as_posix()


def _read(path: Path, workdir: Path) -> tuple[dict[str, Any], bytes]:
    """Unpack into ``workdir`` and check every checksum; nothing is written elsewhere."""
    try:
        archive = tarfile.open(path, "r:gz")  # noqa: SIM115 - closed by the with below
    except (OSError, tarfile.TarError) as exc:
        raise BackupError(f"{path} is not an intrel backup (a .tar.gz): {exc}") from exc
    with archive:
        members = {_safe_name(m.name): m for m in archive.getmembers()}
        for name, member in members.items():
            if not member.isfile():
                raise BackupError(f"The archive holds {name!r}, which is not a file: refused.")

        def read(name: str) -> bytes:
            member = members.get(name)
            handle = archive.extractfile(member) if member is not None else None
            if handle is None:
                raise BackupError(f"The archive has no {name}: not an intrel backup.")
            return handle.read()

        try:
            manifest = json.loads(read(MANIFEST))
        except ValueError as exc:
            raise BackupError(f"The manifest cannot be read: {exc}") from exc
        if manifest.get("format") != FORMAT:
            raise BackupError(
                f"Unknown backup format {manifest.get('format')!r}; {FORMAT} is read."
            )
        data = read(DATA)
        if _sha256(data) != manifest["data"]["sha256"]:
            raise BackupError("data.json does not match its checksum: the archive is damaged.")
        expected = {MANIFEST, DATA} | {MEDIA_PREFIX + f["path"] for f in manifest["files"]}
        if set(members) != expected:
            extra = sorted(set(members) ^ expected)
            raise BackupError(f"The archive and its manifest differ: {', '.join(extra[:5])}.")
        for entry in manifest["files"]:
            target = workdir / _safe_name(entry["path"])
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(read(MEDIA_PREFIX + entry["path"]))
            if _file_sha256(target) != entry["sha256"]:
                raise BackupError(f"{entry['path']} does not match its checksum: damaged.")
    return manifest, data


def installation_contents() -> list[str]:
    """What makes this installation not empty: models with records (beyond what ``migrate``
    puts in) and uploaded files."""
    found = [
        f"{label} ({n})"
        for label, n in record_counts().items()
        if n and label not in SEEDED and label != "django_migrations"
    ]
    files = _media_files()
    if files:
        found.append(f"{len(files)} uploaded file(s) in {_media_root()}")
    return found


@contextmanager
def _history_paused() -> Iterator[None]:
    """No new history rows while loading: the backup carries the history tables as they were
    (loaddata's many-to-many sets would otherwise each add a row)."""
    before = getattr(settings, "SIMPLE_HISTORY_ENABLED", True)
    settings.SIMPLE_HISTORY_ENABLED = False
    try:
        yield
    finally:
        settings.SIMPLE_HISTORY_ENABLED = before


def backup_restore(path: Path) -> RestoreResult:
    """Load the archive into this empty installation: records, then files; refuses a
    non-empty installation, a damaged archive, or one made by a newer intrel."""
    contents = installation_contents()
    if contents:
        raise BackupError(
            "This installation is not empty, so nothing was restored. A restore goes into a "
            "new, migrated installation without users or uploaded files; found: "
            + ", ".join(contents[:8])
            + (" ..." if len(contents) > 8 else "")
        )
    with tempfile.TemporaryDirectory(prefix="intrel-restore-") as tmp:
        workdir = Path(tmp)
        manifest, data = _read(path, workdir / "media")
        missing = sorted(set(manifest["migrations"]) - set(_applied_migrations()))
        if missing:
            raise BackupError(
                "The backup was made by a newer intrel (migrations not applied here: "
                + ", ".join(missing[:5])
                + "). Install that version and run 'intrel migrate' first."
            )
        fixture = workdir / DATA
        fixture.write_bytes(data)
        with transaction.atomic(), _history_paused():
            # The role groups migrate made: the backup's own come instead (same names).
            apps.get_model("auth", "Group").objects.all().delete()
            call_command("loaddata", str(fixture), verbosity=0)
            counts = record_counts()
            differ = {
                label: (n, counts.get(label))
                for label, n in manifest["counts"].items()
                if counts.get(label) != n
            }
            if differ:
                raise BackupError(f"After loading, record counts differ: {differ}; rolled back.")
        root = _media_root()
        for entry in manifest["files"]:
            target = root / entry["path"]
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(workdir / "media" / entry["path"], target)
    return RestoreResult(
        records=sum(manifest["counts"].values()),
        files=len(manifest["files"]),
        counts=manifest["counts"],
    )
