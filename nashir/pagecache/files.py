"""The files tier: kept pages as files that nginx (or `wsgi.PageCacheApp`) serves without Python.

Layout: ``NASHIR_PAGE_CACHE_DIR/<host>/<path>/index[.page-N].<html|xml|json>``, the same names
nginx builds from ``$host$uri`` and ``$arg_page`` (deploy/nginx.conf). The tier belongs to one
machine: the files, and the processes that write and purge them, share one disk. Several app
machines put Varnish or a CDN in front instead (docs/deploy.md).

Every disk operation is allowed to fail (read-only folder, disk full, a name too long, a file
where a folder should be): the reader gets the rendered page, the failure is logged once
(`faults.report`), and a purge that could not delete a file is retried (`purge.py`).
"""

import contextlib
import os
import re
import shutil
import time
import uuid
from pathlib import Path

from django.conf import settings

from . import faults

#: nginx and most file systems refuse longer names; longer segments are never cached.
MAX_SEGMENT_BYTES = 200
MAX_PATH_BYTES = 1024
#: The highest ``?page=`` kept as its own file (listings stop at 100 pages anyway).
MAX_PAGE = 999_999
_HOST = re.compile(r"^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?$|^\[[0-9a-f:.]{2,45}\]$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
FILE_NAMES = ("index", "index.page-")
TMP_SUFFIX = ".tmp"


def enabled():
    return bool(getattr(settings, "NASHIR_PAGE_CACHE", True))


def root():
    return Path(settings.NASHIR_PAGE_CACHE_DIR)


def stale_marker():
    """A file beside the folder that says «some kept page could not be purged»: while it is
    there, no tier serves kept pages (nginx checks it too), so no reader gets a stale one."""
    return Path(stale_marker_of(os.fspath(root())))


def stale_marker_of(folder: str) -> str:
    """stale_marker() for a folder given as a string (the embedded tier: no pathlib per hit)."""
    return folder.rstrip("/") + ".stale"


def mark_stale():
    """Stop every tier serving kept pages until `expire` finds nothing stuck (a purge failed)."""
    marker = stale_marker()
    try:
        marker.write_text(f"{time.time():.0f}\n")
    except OSError as exc:
        faults.report("mark stale", marker, exc)


def clear_stale_mark():
    with contextlib.suppress(OSError):
        stale_marker().unlink()


def is_marked_stale(max_age, folder=None):
    """True while the marker is younger than `max_age` (older stuck pages are too old to serve
    anyway, for the tier that judges ages)."""
    marker = stale_marker_of(folder) if folder is not None else stale_marker()
    try:
        return time.time() - os.stat(marker).st_mtime < max_age
    except OSError:
        return False


def host_folder(host):
    """The folder of a host name as nginx's ``$host`` spells it (lower case, no port); None
    for anything that is not a plain host name."""
    name = (host or "").strip().lower()
    if name.startswith("["):
        name = name.split("]", 1)[0] + "]"
    else:
        name = name.rsplit(":", 1)[0] if name.count(":") == 1 else name
    name = name.rstrip(".")
    return name if _HOST.match(name) else None


def page_suffix(value):
    """``?page=N`` → ".page-N" for N ≥ 2, "" for none or 1; None when it is not a page number.

    Only ASCII digits: str.isdigit() also accepts ², ٣ and ⑤, which int() refuses."""
    if value is None or value == "" or value == "1":
        return ""
    if not (value.isascii() and value.isdigit()) or value.startswith("0") or len(value) > 6:
        return None
    number = int(value)
    return f".page-{number}" if 2 <= number <= MAX_PAGE else None


#: What a kept page may be, by its file's ending: the Content-Type it is served with.
KINDS = {
    "html": "text/html; charset=utf-8",
    "xml": "application/xml; charset=utf-8",
    "json": "application/json",
}


def kind_of(content_type):
    """The kind of file a response is kept as, from its Content-Type."""
    if "json" in content_type:
        return "json"
    return "xml" if "xml" in content_type else "html"


def relative_file(host, path, suffix="", kind="html"):
    """The file a page is kept in, relative to the root; None when it cannot be kept.

    Only paths ending in "/", with no dot-segment, control character or segment longer than
    MAX_SEGMENT_BYTES: anything else (search, previews, junk) is never kept, so hostile
    URLs cannot fill the disk or reach outside the folder.
    """
    folder = host_folder(host)
    if folder is None or suffix is None or not path.startswith("/") or not path.endswith("/"):
        return None
    if _CONTROL.search(path) or "\\" in path:
        return None
    segments = path.strip("/").split("/") if path != "/" else []
    if any(s in ("", ".", "..") or s.startswith(".") for s in segments):
        return None
    try:
        encoded = [s.encode("utf-8") for s in segments]
    except UnicodeEncodeError:  # lone surrogates
        return None
    if (
        any(len(s) > MAX_SEGMENT_BYTES for s in encoded)
        or len(path.encode("utf-8")) > MAX_PATH_BYTES
    ):
        return None
    name = f"index{suffix}.{kind}"
    return "/".join([folder, *segments, name])


def write(rel, content, expires_at=None):
    """Write a kept page atomically (unique temporary name per thread and machine); False if
    the disk refused."""
    target = root() / rel
    tmp = target.with_name(f".{target.name}.{uuid.uuid4().hex}{TMP_SUFFIX}")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(content)
        if expires_at is not None:
            _date_back(tmp, target, expires_at)
        os.replace(tmp, target)
        return True
    except OSError as exc:
        faults.report("write", target, exc)
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        return False


def delete(rel):
    """Remove a kept page; True when it is gone (or was never there)."""
    target = root() / rel
    try:
        target.unlink()
    except (FileNotFoundError, NotADirectoryError):
        pass
    except IsADirectoryError:  # junk where a page belongs: it would shadow the page
        try:
            shutil.rmtree(target)
        except OSError as exc:
            faults.report("delete", target, exc)
            return False
    except OSError as exc:
        faults.report("delete", target, exc)
        return False
    return True


def _date_back(file, previous, expires_at):
    """Make a file go stale at `expires_at` rather than a full TTL from now.

    Both tiers judge a file's age by its mtime (PageCacheApp at every request, `pagecache
    expire` for nginx every minute), so the file is dated TTL before `expires_at`. Its second
    must differ from the version it replaces: nginx's ETag is the mtime in seconds and the size.
    """
    stamp = int(expires_at - settings.NASHIR_PAGE_CACHE_TTL)
    if stamp >= time.time():
        return  # the TTL runs out first anyway
    try:
        if int(previous.stat().st_mtime) == stamp:
            stamp -= 1
    except OSError:
        pass
    os.utime(file, (stamp, stamp))


def _kept_files():
    """(path, stat) of every kept page and leftover temporary file under the root."""
    base = root()
    for folder, _dirs, names in os.walk(base, onerror=lambda exc: faults.report("read", base, exc)):
        for name in names:
            if name.startswith(FILE_NAMES) or name.endswith(TMP_SUFFIX):
                path = Path(folder) / name
                try:
                    yield path, path.stat()
                except OSError:
                    continue


def expire(max_age_seconds):
    """Delete kept pages older than `max_age_seconds` (for nginx, which cannot judge an age),
    and note what is left (`record_usage`: the metrics read that, not the disk).

    Walks the folder itself, so it only ever touches this machine's files, including any the
    index lost track of. Temporary files left by a crash go after a minute. The stale marker
    goes once it is older than `max_age_seconds` and nothing old is stuck on the disk.
    """
    now = time.time()
    removed = stuck = kept = kept_bytes = 0
    for path, stat in _kept_files():
        limit = 60 if path.name.endswith(TMP_SUFFIX) else max_age_seconds
        if now - stat.st_mtime > limit:
            try:
                path.unlink()
                removed += not path.name.endswith(TMP_SUFFIX)
                continue
            except FileNotFoundError:
                continue
            except OSError as exc:
                stuck += 1
                faults.report("expire", path, exc)
        if not path.name.endswith(TMP_SUFFIX):
            kept += 1
            kept_bytes += stat.st_size
    record_usage(kept, kept_bytes)
    if not stuck and not is_marked_stale(max_age_seconds):
        with contextlib.suppress(FileNotFoundError):
            stale_marker().unlink()
    return removed


def clear():
    """Delete every kept page under the root; the root itself stays."""
    removed = 0
    base = root()
    try:
        entries = list(base.iterdir())
    except FileNotFoundError:
        return 0
    except OSError as exc:
        faults.report("clear", base, exc)
        return 0
    stuck = 0
    for path, _ in list(_kept_files()):
        try:
            path.unlink()
            removed += 1
        except OSError as exc:
            stuck += 1
            faults.report("clear", path, exc)
    for entry in entries:
        if entry.is_dir():
            shutil.rmtree(entry, ignore_errors=True)
    if stuck:
        mark_stale()
    else:
        with contextlib.suppress(OSError):
            stale_marker().unlink()
    return removed


def usage():
    """(number of kept pages, their bytes) on this machine's disk."""
    count = size = 0
    for path, stat in _kept_files():
        if not path.name.endswith(TMP_SUFFIX):
            count += 1
            size += stat.st_size
    return count, size


def usage_file():
    """Beside the folder: the kept pages' number and bytes as the last `expire` counted them."""
    folder = root()
    return folder.with_name(folder.name + ".usage")


def record_usage(count, size):
    """The minute's `expire` walks every file anyway; /metrics/ reads this instead of walking a
    folder of 100,000 pages at every scrape."""
    target = usage_file()
    tmp = target.with_name(f".{target.name}.{uuid.uuid4().hex}{TMP_SUFFIX}")
    try:
        tmp.write_text(f"{count} {size}\n")
        os.replace(tmp, target)
    except OSError as exc:
        faults.report("write", target, exc)
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)


def recorded_usage():
    """(pages, bytes, seconds since counted) from the last `expire`, or None."""
    target = usage_file()
    try:
        count, size = target.read_text().split()
        return int(count), int(size), max(0.0, time.time() - target.stat().st_mtime)
    except (OSError, ValueError):
        return None
