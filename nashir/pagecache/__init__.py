"""The page cache: what nashir keeps for readers, and how it learns that something changed.

Other apps use only this small API:

- ``Key.page(article)``, ``Key.section(id)``, ``Key.HOME`` …: names of what a page shows
  (`keys.py`; nothing else spells a key).
- ``depends_on(request, *keys)``, ``valid_until(request, when)``, ``uses_params(request,
  "page")``: what a response shows, declared while it renders (`declare.py`). Only a response
  that declared what it shows is kept; ``mentions(request, *keys)`` is for parts shown on
  every page (the ticker), which make no response cacheable by themselves.
- ``purge(*keys)``: a change; everything showing it goes, on every tier (`purge.py`).
- ``keep(name, render, request)``: parts of a page kept until what they show changes (`kept.py`).
- ``Fragment(name, purged_by=…)``: a small part many pages share (ticker, menu), in Django's
  cache; ``local_get_or_set``: values kept in each process under a key of what they show
  (`fragments.py`); ``held_in_process(name, compute)``: a value reused by a process's requests
  until the next purge anywhere (the page an address leads to).

The tiers: files that nginx or `wsgi.PageCacheApp` serve (`files.py`), kept parts in the
database (`kept.py`), shared caches in front (Varnish, a CDN: `frontends.py`). After a publish
the worker renders what readers open first (`prerender.py`). Every failure of a cache is
logged once and never reaches a reader (`faults.py`).
"""

from .declare import depends_on, mentions, request_started_at, uses_params, valid_until
from .fragments import Fragment, held_in_process, local_get_or_set
from .keys import Key
from .purge import purge, purge_all

__all__ = [
    "Fragment",
    "Key",
    "depends_on",
    "held_in_process",
    "keep",
    "local_get_or_set",
    "mentions",
    "purge",
    "purge_all",
    "request_started_at",
    "uses_params",
    "valid_until",
]


def keep(name, render, request, **options):
    """Parts of a page rendered once and reused until what they show changes (`kept.keep`)."""
    from .kept import keep as keep_parts

    return keep_parts(name, render, request, **options)
