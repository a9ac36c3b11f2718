"""One archive holds the whole newsroom: the database and the uploaded media.

The database is copied with its own tools rather than Django's dumpdata, which does not round-trip
Wagtail's page tree and revisions reliably: SQLite through its online backup API (consistent even
while app servers write), PostgreSQL through ``pg_dump --format=custom`` / ``pg_restore``.

Archive layout (a .tar.gz)::

    manifest.json        what is inside: engine, time, whether media is included
    database.sqlite3     or database.pgdump
    media/…              MEDIA_ROOT as it was
"""

import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import FileSystemStorage, storages
from django.db import connections
from django.utils import timezone

from . import upkeep

FORMAT_VERSION = 1


class BackupError(Exception):
    pass


def _vendor(alias="default"):
    return connections[alias].vendor


def _media_is_local():
    return isinstance(storages["default"], FileSystemStorage)


def _pg_env_and_args(settings_dict):
    """pg_dump/pg_restore connection flags; the password goes through the environment only."""
    env = {**os.environ}
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    args = ["--dbname", settings_dict["NAME"]]
    if settings_dict.get("HOST"):
        args += ["--host", settings_dict["HOST"]]
    if settings_dict.get("PORT"):
        args += ["--port", str(settings_dict["PORT"])]
    if settings_dict.get("USER"):
        args += ["--username", settings_dict["USER"]]
    return env, args


def _require(program):
    path = shutil.which(program)
    if not path:
        raise BackupError(
            f"{program} was not found on PATH: install the PostgreSQL client "
            f"(Debian: apt-get install postgresql-client) matching the server's version."
        )
    return path


def _dump_database(target_dir, alias="default"):
    connection = connections[alias]
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        target = target_dir / "database.sqlite3"
        with sqlite3.connect(target) as destination:
            connection.connection.backup(destination)
        destination.close()
        return target.name
    if connection.vendor == "postgresql":
        env, args = _pg_env_and_args(connection.settings_dict)
        target = target_dir / "database.pgdump"
        subprocess.run(
            [
                _require("pg_dump"),
                "--format=custom",
                "--no-owner",
                "--no-acl",
                "--file",
                str(target),
            ]
            + args,
            env=env,
            check=True,
        )
        return target.name
    raise BackupError(f"Backups of the {connection.vendor} database engine are not supported.")


def _load_database(source, alias="default"):
    connection = connections[alias]
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        if connection.in_atomic_block:
            raise BackupError("Cannot restore inside a transaction.")
        with sqlite3.connect(source) as origin:
            origin.backup(connection.connection)
        origin.close()
        return
    env, args = _pg_env_and_args(connection.settings_dict)
    connection.close()
    subprocess.run(
        [
            _require("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-acl",
            "--single-transaction",
            "--exit-on-error",
        ]
        + args
        + [str(source)],
        env=env,
        check=True,
    )


def create_backup(out_path, *, include_media=True):
    """Write the archive to ``out_path``; return the manifest."""
    out_path = Path(out_path)
    media_root = Path(settings.MEDIA_ROOT)
    with_media = include_media and _media_is_local()
    with tempfile.TemporaryDirectory(prefix="nashir-backup-") as tmp:
        tmp = Path(tmp)
        database_file = _dump_database(tmp)
        manifest = {
            "format": FORMAT_VERSION,
            "created_at": timezone.now().isoformat(),
            "engine": _vendor(),
            "database": database_file,
            "media": with_media,
        }
        (tmp / "manifest.json").write_text(json.dumps(manifest, indent=2))
        partial = out_path.with_name(f".{out_path.name}.partial")
        # Commenters' e-mails and password hashes: readable by the owner only, from the start.
        partial.touch(mode=0o600)
        partial.chmod(0o600)
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(tmp / "manifest.json", arcname="manifest.json")
            archive.add(tmp / database_file, arcname=database_file)
            if with_media:
                if not media_root.exists():
                    media_root.mkdir(parents=True)
                archive.add(media_root, arcname="media")
        os.replace(partial, out_path)
    return manifest


def _refuse_writable_by_others(in_path):
    """An archive others could have written is not loaded into the database."""
    mode = Path(in_path).stat().st_mode
    if mode & 0o002:
        raise BackupError(
            f"{in_path} is writable by every user of this machine: anyone could have changed it. "
            f"Check it, then 'chmod o-w {in_path}' and run the restore again."
        )


def _extract(archive, target):
    """Extract a whole archive into `target`, refusing anything that would land outside it.

    Python 3.11.4 and later do this with tarfile's "data" filter; older 3.11 releases (Debian
    12 ships 3.11.2) have no filter, so the same rules are checked here first."""
    if hasattr(tarfile, "data_filter"):
        archive.extractall(target, filter="data")
        return
    root = Path(target).resolve()
    for member in archive.getmembers():
        path = (root / member.name).resolve()
        if not (member.isfile() or member.isdir()) or not path.is_relative_to(root):
            raise BackupError(f"refusing to extract {member.name!r}: not a plain file inside")
    archive.extractall(target)  # noqa: S202 — every member checked above


def read_manifest(in_path):
    _refuse_writable_by_others(in_path)
    with tarfile.open(in_path, "r:gz") as archive:
        try:
            return json.load(archive.extractfile("manifest.json"))
        except KeyError as missing:
            raise BackupError(f"{in_path} is not a nashir backup (no manifest.json).") from missing


def restore_backup(in_path):
    """Replace the database and the media folder with the archive's; return the manifest."""
    manifest = read_manifest(in_path)
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r}.")
    if manifest["engine"] != _vendor():
        raise BackupError(
            f"The backup holds a {manifest['engine']} database but this site runs on {_vendor()}."
        )
    with tempfile.TemporaryDirectory(prefix="nashir-restore-") as tmp:
        tmp = Path(tmp)
        with tarfile.open(in_path, "r:gz") as archive:
            _extract(archive, tmp)
        _load_database(tmp / manifest["database"])
        upkeep.run(force=True)  # pg_restore brings rows, not the planner's statistics
        if manifest["media"]:
            _replace_media(tmp / "media")
    _forget_cached_pages()
    return manifest


def _replace_media(source):
    media_root = Path(settings.MEDIA_ROOT)
    media_root.mkdir(parents=True, exist_ok=True)
    for child in media_root.iterdir():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()
    shutil.copytree(source, media_root, dirs_exist_ok=True)


def _forget_cached_pages():
    """Cached pages and fragments describe the content before the restore: drop them all."""
    from nashir.pagecache import purge_all

    purge_all()
    cache.clear()
