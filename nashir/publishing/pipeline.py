"""What happens after the desk changes something readers see: one receiver per event, each
running one ordered chain.

    publish or edit    index → related lists → purge once → tune the database → render ahead
    unpublish          related lists → purge once → tune the database
    move               purge once (everything that showed the old address) → render ahead
    delete             related lists (before the rows go) → purge once → tune the database
    comments changed   purge the article (a comment approved, edited, hidden or deleted)
    author, picture    purge what shows them
    settings, Site     purge what shows them (branding: every page; comment rules: articles)
    privacy            purge the site (a restricted page may be listed or linked anywhere)

The chains run in the request that made the change (an editor's publish, the scheduler), not
in the task worker, so that readers never depend on the worker to stop seeing a withdrawn or
corrected story; only rendering ahead and database tuning are queued, once the change is
committed. Each step runs in its own savepoint and may fail without stopping the ones after it:
a purge always happens (and `purge` repeats itself at commit, for renders in between).
A bulk job (an import) suspends the pipeline and does the same work once at its end.
"""

import contextlib
import logging
import threading
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.search import index as search_index
from wagtail.signals import page_published, page_unpublished, post_page_move

from nashir.discussion.models import Comment
from nashir.discussion.signals import comments_changed
from nashir.news.models import ArticlePage
from nashir.ops import upkeep
from nashir.pagecache import Key, prerender, purge
from nashir.pagecache.tasks import render_ahead as render_ahead_task
from nashir.people.models import Author
from nashir.related import engine as related

logger = logging.getLogger("nashir.publishing")

_suspended = threading.local()


@dataclass
class Change:
    """One change on its way through a chain: what it touched accumulates in `keys`."""

    page: Page
    event: str
    keys: set = field(default_factory=set)
    steps_done: list = field(default_factory=list)


# --- the steps ------------------------------------------------------------------------------


def index(change):
    """The published text is searchable at once, without waiting for the task worker."""
    search_index.insert_or_update_object(change.page)


def relate(change):
    """The article's related list, and its neighbours' lists it now enters."""
    if isinstance(change.page, ArticlePage):
        refreshed = related.refresh(change.page.pk)
        change.keys.update(map(Key.page, refreshed.visible))


def forget_related(change):
    """The article leaves every related list; the pages that listed it are purged."""
    if isinstance(change.page, ArticlePage):
        change.keys.update(map(Key.page, [change.page.pk, *related.forget(change.page.pk)]))


def purge_once(change):
    """Everything the change touched, on every tier, in one purge."""
    withdrawn = change.event in ("unpublish", "delete")
    keys = change.keys | page_cache_keys(change.page, withdrawn=withdrawn)
    purge(*keys)


def tune_database(change):
    """Planner statistics and the search index follow the archive's size (queued, once the
    change is committed)."""
    transaction.on_commit(upkeep.check_now_and_then)


def render_ahead(change):
    """The pages readers open first are rendered by the worker before anyone asks, once the
    change is committed (never a page of a transaction that may yet roll back)."""
    if not prerender.enabled() or not change.page.live:
        return
    pages = getattr(change.page, "pages_to_render_ahead", lambda: [change.page])()
    urls = prerender.urls_of(pages)
    if urls:
        transaction.on_commit(lambda: render_ahead_task.enqueue(urls))


PUBLISH = (index, relate, purge_once, tune_database, render_ahead)
UNPUBLISH = (forget_related, purge_once, tune_database)
MOVE = (purge_once, render_ahead)
DELETE = (forget_related, purge_once, tune_database)

CHAINS = {"publish": PUBLISH, "unpublish": UNPUBLISH, "move": MOVE, "delete": DELETE}


def run(change, steps=None):
    """Run the chain's steps in order; a failing step is logged and the chain goes on."""
    for step in steps or CHAINS[change.event]:
        try:
            with transaction.atomic():
                step(change)
        except Exception:
            logger.exception("publishing: %s of %s failed at %s", change.event, change.page, step)
        change.steps_done.append(step.__name__)
    return change


def page_cache_keys(page, withdrawn=False):
    """What a change of this page touches: the page says (`page_cache_keys`), else itself."""
    keys_of = getattr(page, "page_cache_keys", None)
    return set(keys_of(withdrawn=withdrawn)) if keys_of else {Key.page(page)}


# --- the events -----------------------------------------------------------------------------


def is_suspended():
    return getattr(_suspended, "active", False)


@contextlib.contextmanager
def suspended():
    """A bulk job (an import) publishes thousands of pages: no chain runs meanwhile; the job
    indexes, relates and purges once at its end."""
    _suspended.active = True
    try:
        yield
    finally:
        _suspended.active = False


def start(page, event, keys=()):
    """Run the chain of `event` for `page`, unless a bulk job suspended the pipeline."""
    if is_suspended():
        return None
    return run(Change(page, event, keys=set(keys)))


def page_was_published(sender, instance, **kwargs):
    start(instance, "publish")


def page_was_unpublished(sender, instance, **kwargs):
    start(instance, "unpublish")


def page_was_moved(sender, instance, parent_page_before, parent_page_after, **kwargs):
    """Its address changed: everything that listed or linked it shows the old address."""
    if instance.live:
        parents = [parent_page_before, parent_page_after]
        start(
            instance.specific,
            "move",
            keys={*map(Key.page, parents), *map(Key.section, parents)},
        )


def page_is_deleted(sender, instance, **kwargs):
    """Before the rows go: what it touched is read now (and purged again at commit)."""
    if not isinstance(instance, Page) or type(instance) is Page:
        return  # the base Page row of a specific page: handled with the specific one
    if instance.live:
        start(instance, "delete", keys=page_cache_keys(instance, withdrawn=True))


def comments_were_changed(sender, article_id, **kwargs):
    """A comment approved, edited, hidden or deleted: its article shows it."""
    if not is_suspended():
        purge(Key.page(article_id))


def shown_thing_changed(sender, instance, created=False, **kwargs):
    """An author, a picture, a setting or a Site: purge what shows it.

    A new author shows nowhere yet; a new picture's renditions are new; a setting's first
    read creates its row. A new Site is purged for: it changes which Site other addresses
    lead to (nashir.core.sites keeps that choice per Site record).
    """
    if (not created or isinstance(instance, Site)) and not is_suspended():
        purge(*page_cache_keys_of_thing(instance))


def page_cache_keys_of_thing(instance):
    if isinstance(instance, get_image_model()):
        return {Key.image(instance)}
    keys_of = getattr(instance, "page_cache_keys", None)
    return set(keys_of()) if keys_of else {Key.SITE}


def privacy_changed(sender, instance, **kwargs):
    """A page behind (or freed from) a password or group restriction may be listed, linked or
    counted anywhere: the whole site is purged (rare, and never wrong)."""
    purge(Key.SITE)


def connect():
    uid = "nashir-publishing-"
    page_published.connect(page_was_published, dispatch_uid=uid + "published")
    page_unpublished.connect(page_was_unpublished, dispatch_uid=uid + "unpublished")
    post_page_move.connect(page_was_moved, dispatch_uid=uid + "moved")
    pre_delete.connect(page_is_deleted, dispatch_uid=uid + "deleted")
    comments_changed.connect(comments_were_changed, sender=Comment, dispatch_uid=uid + "comments")
    things = [Author, get_image_model(), Site]
    things += list(_site_settings())
    for model in things:
        name = model._meta.label_lower
        post_save.connect(shown_thing_changed, sender=model, dispatch_uid=f"{uid}{name}-saved")
        post_delete.connect(shown_thing_changed, sender=model, dispatch_uid=f"{uid}{name}-deleted")
    for signal in (post_save, post_delete):
        signal.connect(privacy_changed, sender=PageViewRestriction, dispatch_uid=f"{uid}{signal}")


def _site_settings():
    from wagtail.contrib.settings.registry import registry

    return [model for model in registry if issubclass(model, BaseSiteSetting)]
