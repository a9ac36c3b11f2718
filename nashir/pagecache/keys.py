"""Dependency keys: the names of what a cached page shows, built in one place.

A page declares the keys of what it shows (`depends_on`); a change purges the keys it touches
(`purge`). Keys are also sent to shared caches in front of nashir (Varnish's xkey, a CDN's
cache tags), so they are short ASCII words. Nothing outside this module spells one.
"""

import re

_SAFE = re.compile(r"^[a-z][a-z0-9-]*(:[0-9]+)?$")


class Key(str):
    """One dependency key, e.g. ``page:12``. Build keys with the class methods only."""

    __slots__ = ()

    def __new__(cls, value):
        if not _SAFE.match(value):
            raise ValueError(f"not a page-cache key: {value!r}")
        return super().__new__(cls, value)

    @classmethod
    def _of(cls, kind, obj):
        pk = getattr(obj, "pk", obj)
        if pk is None:
            raise ValueError(f"a {kind} key needs a saved object")
        return cls(f"{kind}:{int(pk)}")

    # -- one object shown on a page ----------------------------------------------------------

    @classmethod
    def page(cls, page_or_id):
        """A Wagtail page (article, section, home, standard page): its title, text, address."""
        return cls._of("page", page_or_id)

    @classmethod
    def headline(cls, article_or_id):
        """An article's headline in a block every page shows (the ticker, «الأكثر قراءة»).

        Purged when the article is withdrawn (unpublished, deleted, made private), not on
        every edit: that would empty the whole page cache whenever one of the newest stories
        is touched. An edited headline reaches those blocks when they refresh (the ticker's
        script, within a minute) or when the page's age runs out.
        """
        return cls._of("headline", article_or_id)

    @classmethod
    def image(cls, image_or_id):
        """A picture: a replaced file or a moved focal point makes new renditions."""
        return cls._of("image", image_or_id)

    @classmethod
    def author(cls, author_or_id):
        """An author's or desk's name, bio and photo (bylines, author boxes)."""
        return cls._of("author", author_or_id)

    # -- lists of articles -------------------------------------------------------------------

    @classmethod
    def section(cls, section_or_id):
        """The list of articles filed in a section (its page, its feed)."""
        return cls._of("section", section_or_id)

    @classmethod
    def tag(cls, tag_or_id):
        """The list of articles carrying a tag."""
        return cls._of("tag", tag_or_id)

    @classmethod
    def author_list(cls, author_or_id):
        """The list of articles under an author's byline."""
        return cls._of("authorlist", author_or_id)


#: The newest articles of the whole site: home page lists, latest-news blocks.
Key.HOME = Key("home")
#: Every feed (RSS/Atom), which list the newest articles.
Key.FEEDS = Key("feeds")
#: Every author (filters listing them).
Key.AUTHORS = Key("authors")
#: The comment rules shown with the form under every article.
Key.COMMENT_RULES = Key("comment-rules")
#: Everything: the masthead, navigation and footer are on every page.
#: «الأكثر قراءة»: the lists and the block served alone at /most-read/.
Key.MOST_READ = Key("most-read")

Key.SITE = Key("site")


def as_keys(keys):
    """The given keys, refusing anything not built by Key (a plain string is a bug)."""
    out = set()
    for key in keys:
        if key is None:
            continue
        if not isinstance(key, Key):
            raise TypeError(f"page-cache keys are built with Key, not {type(key).__name__} {key!r}")
        out.add(key)
    return out
