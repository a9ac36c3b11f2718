"""Posts converted ahead, on another core, while the importer writes the batch before them.

Converting a post's HTML into body blocks (nashir.wordpress.content, pure Python, no database)
is the largest per-post cost the importer has that needs nothing but the post itself. A large
import hands each batch's HTML to one worker process as soon as the batch is read, and writes
the batch before it meanwhile; by the time a post is written its blocks are usually there.

Nothing depends on the worker: a post whose conversion failed there, or that was not sent, is
converted in the importer as before (so an error is reported against that post, as it always
was); if the worker dies, the import goes on converting in its own process and says so once.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor

from . import content as wp_content

log = logging.getLogger(__name__)

#: Below this many posts a worker is not worth starting (it costs about a second to start).
MIN_POSTS = 1000


def _convert_all(contents):
    results = []
    for content in contents:
        try:
            results.append(wp_content.to_blocks_and_text(content))
        except Exception:  # converted again by the importer, which reports the error
            results.append(None)
    return results


class ConvertAhead:
    """``submit()`` a batch's contents; ``convert()`` one of them, from the worker when it
    has it; ``forget()`` a written batch. Usable as a context manager (stops the worker)."""

    def __init__(self, posts):
        self.pool = None
        self.waiting = {}  # content → (future, index in its batch)
        if posts >= MIN_POSTS and (os.cpu_count() or 1) > 1:
            # spawn: the worker starts clean (no copy of the importer's database connection).
            self.pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"))

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self):
        if self.pool is not None:
            self.pool.shutdown(wait=False, cancel_futures=True)
            self.pool = None
        self.waiting.clear()

    def submit(self, contents):
        contents = [content for content in contents if content and content.strip()]
        if self.pool is None or not contents:
            return
        try:
            future = self.pool.submit(_convert_all, contents)
        except Exception as exc:  # the pool is broken or shutting down
            self._give_up(exc)
            return
        for index, content in enumerate(contents):
            self.waiting[content] = (future, index)

    def convert(self, content):
        """``content.to_blocks_and_text(content)``, done ahead when it could be."""
        entry = self.waiting.pop(content, None)
        if entry is not None:
            future, index = entry
            try:
                result = future.result()[index]
            except Exception as exc:  # the worker died, or was stopped
                self._give_up(exc)
                result = None
            if result is not None:
                return result
        return wp_content.to_blocks_and_text(content)

    def forget(self, contents):
        """A batch is written: its results not asked for (unchanged posts) are let go."""
        for content in contents:
            self.waiting.pop(content, None)

    def _give_up(self, exc):
        if self.pool is not None:
            log.warning("Converting posts ahead stopped (%s); converting in the importer.", exc)
            self.close()
