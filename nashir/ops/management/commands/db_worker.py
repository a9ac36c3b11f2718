"""`manage.py db_worker`: django-tasks-db's worker, made to wait out a database outage.

The package's worker exits on the first error from the database other than a lock (PostgreSQL
restarting, out of connections, a failover): systemd restarts it, but each restart costs a
start-up and, mid-task, a task left RUNNING. This one logs the outage, waits (1, 2, 4 … 10
seconds) and carries on with the same process; a task that was running when the database went
away stays RUNNING and `manage.py chores` puts it back in the queue (nashir's tasks are safe to
run twice). Same name and options as the package's command, so the systemd unit is unchanged
(nashir.ops comes before django_tasks_db in INSTALLED_APPS, so this command is the one run).
"""

import contextlib
import logging
import time

from django.db import InterfaceError, OperationalError
from django_tasks_db.management.commands import db_worker

logger = logging.getLogger("nashir.ops")

#: The longest wait between two attempts while the database does not answer (seconds).
MAX_WAIT = 10

pause = time.sleep


class PatientWorker(db_worker.Worker):
    def run(self):
        wait = 1
        while self.running:
            try:
                return super().run()
            except (OperationalError, InterfaceError) as exc:
                if not self.running:
                    raise
                logger.warning(
                    "task worker: the database does not answer (%s); trying again in %d s",
                    str(exc).strip().splitlines()[0][:200],
                    wait,
                )
                with contextlib.suppress(Exception):  # a dead connection may fail to close
                    db_worker.close_old_connections()  # the broken one is dropped
                pause(wait)
                wait = min(wait * 2, MAX_WAIT)
        return None


class Command(db_worker.Command):
    help = db_worker.Command.help

    def handle(self, *args, **options):
        original, db_worker.Worker = db_worker.Worker, PatientWorker
        try:
            return super().handle(*args, **options)
        finally:
            db_worker.Worker = original
