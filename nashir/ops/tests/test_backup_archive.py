"""Reading a backup archive safely on every supported Python (3.11.2 has no tarfile filter)."""

import contextlib
import io
import tarfile
from pathlib import Path

import pytest

from nashir.ops import backup


def archive_with(tmp_path, name, data=b"x", kind=tarfile.REGTYPE, link=""):
    path = tmp_path / "backup.tar.gz"
    with tarfile.open(path, "w:gz") as archive:
        member = tarfile.TarInfo(name)
        member.type, member.linkname, member.size = kind, link, len(data)
        archive.addfile(member, io.BytesIO(data) if kind == tarfile.REGTYPE else None)
    return path


@pytest.mark.parametrize("with_filter", [True, False], ids=["python-3.11.4+", "python-3.11.2"])
@pytest.mark.parametrize(
    "name, kind, link",
    [
        ("../outside.txt", tarfile.REGTYPE, ""),
        ("/etc/owned.txt", tarfile.REGTYPE, ""),
        ("media/link", tarfile.SYMTYPE, "/etc/passwd"),
    ],
    ids=["dot-dot", "absolute", "symlink-out"],
)
def test_nothing_lands_outside_the_folder(tmp_path, monkeypatch, with_filter, name, kind, link):
    """A crafted archive is refused whether or not this Python has tarfile's data filter."""
    if not with_filter:
        monkeypatch.delattr(tarfile, "data_filter", raising=False)
    elif not hasattr(tarfile, "data_filter"):
        pytest.skip("this Python has no tarfile data filter")
    path = archive_with(tmp_path, name, kind=kind, link=link)
    target = tmp_path / "into"
    target.mkdir()
    # Refused; or, by the data filter, a leading "/" stripped and the file kept inside.
    with (
        tarfile.open(path, "r:gz") as archive,
        contextlib.suppress(backup.BackupError, tarfile.TarError),
    ):
        backup._extract(archive, target)
    assert not (tmp_path / "outside.txt").exists()
    assert not Path("/etc/owned.txt").exists()
    inside = list(target.rglob("*"))
    assert not any(p.is_symlink() for p in inside)
    assert all(p.resolve().is_relative_to(target.resolve()) for p in inside)


@pytest.mark.parametrize("with_filter", [True, False], ids=["python-3.11.4+", "python-3.11.2"])
def test_plain_files_are_extracted(tmp_path, monkeypatch, with_filter):
    """The ordinary archive nashir writes extracts the same way on both."""
    if not with_filter:
        monkeypatch.delattr(tarfile, "data_filter", raising=False)
    path = archive_with(tmp_path, "media/images/a.jpg", b"jpeg")
    target = tmp_path / "into"
    target.mkdir()
    with tarfile.open(path, "r:gz") as archive:
        backup._extract(archive, target)
    assert (target / "media/images/a.jpg").read_bytes() == b"jpeg"
