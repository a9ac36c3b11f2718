"""The request counters of every gunicorn worker on this machine, added up in one answer.

prometheus_client's multiprocess mode: each worker writes its counters to its own files in
``PROMETHEUS_MULTIPROC_DIR``, and a scrape adds up every file there. Two things are added here,
used by deploy/gunicorn.conf.py (so no Django import):

- one folder per gunicorn instance (``NASHIR_METRICS_DIR/<bind>``), emptied when that instance
  starts; `collect` reads all of them, so whichever instance nginx hands the scrape to, the
  answer covers the machine (scrape one address per machine, not each port);
- a worker's files are folded into an «archive» file of its instance when it exits. gunicorn
  replaces a worker every few thousand requests (``max_requests``); without this each one would
  leave two files behind, and a scrape reads every file (prometheus/client_python#204, #367).
  Folding and scraping take one file lock (exclusive / shared), so a scrape never counts a
  worker twice or not at all.
"""

import contextlib
import fcntl
import glob
import os
import re
import shutil
from pathlib import Path

#: Files whose values only grow and add up across processes: safe to fold into one.
FOLDED_KINDS = ("counter", "histogram", "summary")
ARCHIVE = "archive"


def instance_folder(root, bind):
    """The folder of one gunicorn instance, named after where it listens."""
    return Path(root) / (re.sub(r"[^A-Za-z0-9.]+", "-", str(bind)).strip("-") or "default")


@contextlib.contextmanager
def locked(root, *, exclusive):
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    with open(root / ".lock", "a+b") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def start_instance(root, folder):
    """A gunicorn instance starts: its counters start again from zero (Prometheus's rate()
    understands a restart); the other instances' folders are left alone."""
    with locked(root, exclusive=True):
        shutil.rmtree(folder, ignore_errors=True)
        Path(folder).mkdir(parents=True, exist_ok=True)


def fold_dead_worker(root, folder, pid):
    """A worker has exited (gunicorn's child_exit, in the master): add its counts to the
    instance's archive files and remove its own files."""
    from prometheus_client import multiprocess
    from prometheus_client.mmap_dict import MmapedDict

    folder = Path(folder)
    with locked(root, exclusive=True):
        multiprocess.mark_process_dead(pid, str(folder))
        for kind in FOLDED_KINDS:
            dead = folder / f"{kind}_{pid}.db"
            if not dead.exists():
                continue
            archive = MmapedDict(str(folder / f"{kind}_{ARCHIVE}.db"))
            try:
                for key, value, timestamp, _pos in MmapedDict.read_all_values_from_file(str(dead)):
                    total, _ = archive.read_value(key)
                    archive.write_value(key, total + value, timestamp)
            finally:
                archive.close()
            dead.unlink()


def collect(root):
    """Every instance's metrics on this machine, added up (a list of Metric families)."""
    from prometheus_client.multiprocess import MultiProcessCollector

    with locked(root, exclusive=False):
        files = glob.glob(os.path.join(str(root), "*", "*.db"))
        return list(MultiProcessCollector.merge(files, accumulate=True))


class MachineCollector:
    """A prometheus_client collector over `collect`."""

    def __init__(self, root):
        self.root = root

    def collect(self):
        return collect(self.root)
