"""Fuzz: every address nashir serves, hostile values everywhere, never a 500 (issue #17).

What is fuzzed is read from the project, not listed by hand, so it cannot rot:
- every URL pattern of the resolver (``get_resolver().url_patterns``, walked recursively),
- every live page of every page type in the page tree (a page type with no page here fails
  the test: add one to `fuzz_site`),
- the query parameters each view reads, recorded while it answers a first request (plus
  the API's operations and filterable fields, and names nobody reads), and the form fields
  each view reads on POST.

Excluded, and why: the Wagtail admin's 230 patterns are Wagtail's code behind a login; the
writer meets a bounded random sample of them in the Hypothesis test, the public part
(login, password reset) is swept like the site. ``media/`` serves files with Django's
``serve`` (nginx in production) and gets only its sample path and a few segments.

Asserted: no 500 and, over HTTP through the WSGI page-cache tier, no dropped connection;
and nothing written: every table has as many rows after as before, except the ones listed in
WRITES_ALLOWED. The seed is fixed (``derandomize``) and the example count bounded, so the run
is the same on every machine, on SQLite and PostgreSQL.
"""

import http.client
import os
import re
import sys
import traceback
from dataclasses import dataclass, field
from urllib.parse import quote

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, User
from django.core.signals import got_request_exception
from django.test import Client
from django.urls import URLResolver, get_resolver
from django.urls.resolvers import RoutePattern
from django.utils.datastructures import MultiValueDict
from hypothesis import given, settings
from hypothesis import strategies as st
from wagtail.models import Page, get_page_models

from nashir.discussion.models import Comment
from nashir.news.tests.factories import make_article, make_section

#: Hostile values, percent-encoded as they travel: digit-like Unicode, huge and negative
#: integers, long strings and segments, non-UTF-8 bytes, a lone surrogate (as CESU-8),
#: NUL and control characters, FTS syntax, SQL, bad dates, path tricks.
CORPUS = [
    quote(value, safe="")
    for value in (
        "²", "٣", "۴", "⑤", "-1", "0", "99999999999999999999999", "9" * 400, "ا" * 300,
        "a" * 300, "\x01\x1f", "\n", '"', "*", "NEAR(", "OR", "^غزة", "-غزة", "' OR 1=1 --",
        "1; DROP TABLE auth_user", "0001-01-01", "9999-12-31", "2026-02-30", "..", "{{7*7}}",
    )
] + ["%FF%FE", "%ED%A0%80", "%00", "%", "%zz"]  # fmt: skip

#: Rows a request may legitimately add: sessions of the logged-in writer, the page cache's
#: index of what it stored (pages and kept article parts), the admin's per-user profile and
#: its editing sessions (opened by merely looking at an edit view).
WRITES_ALLOWED = {
    "sessions.Session",
    "pagecache.CachedPage",
    "pagecache.CachedPageKey",
    "pagecache.KeptPart",
    "pagecache.KeptPartKey",
    "wagtailusers.UserProfile",
    "wagtailadmin.EditingSession",
}

ADMIN = "admin/"
PUBLIC_ADMIN = ("admin/login/", "admin/password_reset/")


@dataclass
class Target:
    """One address pattern: literal parts and {n} holes, the real values that fill them."""

    template: str
    real: list
    query: set = field(default_factory=set)
    form: set = field(default_factory=set)
    admin: bool = False
    view: object = None

    def url(self, values=None):
        values = values if values is not None else self.real
        return "/" + self.template.format(*values)


# --- reading the targets from the project -------------------------------------------------


def regex_template(regex):
    """``^(\\d+)/(.*)$`` → ``{}/{}``: each top-level group becomes a hole; None if the rest
    is not plain text."""
    text, out, depth, i = regex.lstrip("^").rstrip("$"), [], 0, 0
    while i < len(text):
        char = text[i]
        if char == "\\" and i + 1 < len(text):
            if depth == 0:
                out.append(text[i + 1])
            i += 2
            continue
        if char == "(":
            if depth == 0:
                out.append("{}")
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0 and i + 1 < len(text) and text[i + 1] in "*+?":
                i += 1
        elif depth == 0:
            out.append(char)
        i += 1
    template = "".join(out)
    return None if re.search(r"[\[\]()*+?|^$\\]", template) else template


def route_template(route):
    """``feed/tag/<str:slug>/`` → (``feed/tag/{}/``, ["str:slug"])."""
    holes = re.findall(r"<(?:(\w+):)?(\w+)>", route)
    template = re.sub(r"<(?:\w+:)?\w+>", "{}", route.replace("{", "{{").replace("}", "}}"))
    return template, [f"{kind or 'str'}:{name}" for kind, name in holes]


def walk(patterns, prefix="", holes=(), excluded=None):
    for pattern in patterns:
        if isinstance(pattern.pattern, RoutePattern):
            part, kinds = route_template(str(pattern.pattern))
        else:
            part = regex_template(pattern.pattern._regex)
            kinds = [f"re:{n}" for n in range(part.count("{}"))] if part is not None else []
            if part is None:
                excluded.append(pattern.pattern._regex)
                continue
        if isinstance(pattern, URLResolver):
            yield from walk(pattern.url_patterns, prefix + part, (*holes, *kinds), excluded)
        else:
            yield prefix + part, [*holes, *kinds], pattern.callback


def real_value(kind, template, site):
    """A value that makes the pattern answer for real (so the hostile ones are near misses)."""
    name = kind.split(":")[1]
    if "document" in template and kind.startswith("re:"):
        return [str(site["document"].pk), site["document"].filename][int(name)]
    if "live/" in template and kind.startswith("page_id:"):
        return "1" if kind.endswith(":number") else str(site["live"].pk)
    if kind.startswith(("int:", "page_id:")):
        return str(site["article"].pk)
    if kind.startswith("path:"):
        return "original_images/fuzz.jpg"
    if kind.startswith("re:"):  # Wagtail's page route
        return site["section"].slug + "/"
    for word, slug in (("tag", site["tag"]), ("author", site["author"]), ("section", "syria")):
        if template.startswith(word) or f"/{word}/" in template:
            return slug
    return site["article"].slug


def resolver_targets(site, excluded):
    targets = []
    for template, kinds, view in walk(get_resolver().url_patterns, excluded=excluded):
        admin = template.startswith(ADMIN) and not template.startswith(PUBLIC_ADMIN)
        real = [real_value(kind, template, site) for kind in kinds]
        targets.append(Target(template, real, admin=admin, view=view))
    return targets


def page_tree_targets():
    """Every live page of every page type; each type must have one (see `fuzz_site`)."""
    targets, missing = [], []
    for model in get_page_models():
        if model is Page:
            continue
        pages = list(model.objects.live())
        if not pages:
            missing.append(model.__name__)
        for page in pages:
            path = page.url.lstrip("/")
            targets.append(Target(path.replace("{", "{{").replace("}", "}}") + "{}", [""]))
    assert not missing, f"no live page to fuzz for {missing}: add one to fuzz_site"
    return targets


class Recorder:
    """Which query parameters and form fields a view reads, seen on a first request."""

    def __init__(self, monkeypatch):
        self.keys = set()
        for name in ("get", "getlist", "__getitem__", "__contains__"):
            original = getattr(MultiValueDict, name)
            monkeypatch.setattr(MultiValueDict, name, self._wrap(original))

    def _wrap(self, original):
        def recording(querydict, key, *args, **kwargs):
            if type(querydict).__name__ == "QueryDict" and isinstance(key, str):
                self.keys.add(key)
            return original(querydict, key, *args, **kwargs)

        return recording


def discover(targets, client, monkeypatch):
    """Fill in each target's query parameters and form fields from what its view reads."""
    with monkeypatch.context() as patch:
        recorder = Recorder(patch)
        for target in targets:
            recorder.keys.clear()
            client.get(target.url())
            target.query = set(recorder.keys) - {"csrfmiddlewaretoken"}
            recorder.keys.clear()
            client.post(target.url(), {})
            target.form = set(recorder.keys) - {"csrfmiddlewaretoken"}
    for target in targets:
        viewset = getattr(target.view, "cls", None)
        if viewset is not None and hasattr(viewset, "known_query_parameters"):
            model = viewset.model
            target.query |= set(viewset.known_query_parameters)
            target.query |= set(viewset.get_available_fields(model, db_fields_only=True))
        target.query |= {"page", "q"}  # what most listings read, and a name that few do
    return targets


# --- what counts as written ----------------------------------------------------------------


def row_counts():
    return {
        model._meta.label: model._base_manager.count()
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy
    }


def assert_nothing_written(before):
    after = row_counts()
    changed = {
        label: (before[label], after[label])
        for label in before
        if before[label] != after[label] and label not in WRITES_ALLOWED
    }
    assert not changed, f"hostile requests wrote rows: {changed}"


class Failures:
    """Every 5xx with the exception behind it, reported together at the end."""

    def __init__(self):
        self.found = []
        self.last_exception = None
        got_request_exception.connect(self.remember)

    def remember(self, sender, request=None, **kwargs):
        self.last_exception = "".join(traceback.format_exception(*sys.exc_info())[-3:])

    def check(self, who, method, url, response):
        if response.status_code >= 500:
            self.found.append(
                f"{who} {method} {url[:160]} → {response.status_code}\n{self.last_exception}"
            )
        self.last_exception = None

    def close(self):
        got_request_exception.disconnect(self.remember)
        assert not self.found, f"{len(self.found)} server errors:\n\n" + "\n".join(self.found[:15])


# --- the site under test -----------------------------------------------------------------


@pytest.fixture
def fuzz_site(home, settings):
    """A small newsroom with one page of every type, a comment, a document and a writer."""
    from django.core.files.base import ContentFile
    from wagtail.documents.models import Document

    from nashir.live.tests.factories import make_entry, make_live_page
    from nashir.pages.models import StandardPage
    from nashir.people.tests.factories import AuthorFactory

    settings.NASHIR_RATE_LIMITS = {"comment-ip": "", "comment-email": "", "read-beacon": ""}
    section = make_section(home, "سوريا", "syria")
    author = AuthorFactory(slug="lina", name="لينا صباغ")
    article = make_article(section, "خبر الصباح في حلب", authors=[author], tags=["المياه"])
    make_article(section, "خبر المساء", authors=[author], breaking=True)
    live = make_live_page(section, "تغطية مباشرة للعاصفة")
    make_entry(live, "وصلت فرق الدفاع المدني إلى الطريق المقطوع.")
    about = StandardPage(title="من نحن", slug="about")
    home.add_child(instance=about)
    about.save_revision().publish()
    Comment.objects.create(
        article=article, name="سلمى", email="s@example.org", body="تعليق", status="approved"
    )
    document = Document(title="بيان", file=ContentFile(b"%PDF-1.4 fuzz", name="statement.pdf"))
    document.save()
    writer = User.objects.create_user("katib", password="x-fuzz-password-1")
    writer.groups.add(Group.objects.get(name="كاتب"))
    return {
        "section": section,
        "article": article,
        "live": live,
        "author": author.slug,
        "tag": article.tags.first().slug,
        "document": document,
        "writer": writer,
    }


def clients(site):
    reader = Client(raise_request_exception=False)
    writer = Client(raise_request_exception=False)
    writer.force_login(site["writer"])
    return {"reader": reader, "writer": writer}


def variants(target, value, turn):
    """Where `value` goes for this turn: a path hole, a query parameter, or an extra segment."""
    slots = [("path", n) for n in range(len(target.real))] + [
        ("query", name) for name in sorted(target.query)
    ]
    slots.append(("segment", None))
    kind, where = slots[turn % len(slots)]
    if kind == "path":
        values = list(target.real)
        values[where] = value
        return target.url(values)
    if kind == "query":
        return f"{target.url()}?{where}={value}"
    return target.url().rstrip("/") + "/" + value + "/"


@pytest.mark.django_db
def test_every_address_answers_hostile_values(fuzz_site, monkeypatch):
    """Each pattern and page gets every corpus value once (rotating through its path holes,
    query parameters and an extra segment) by GET, and every third by POST into its form
    fields, as a reader or as a logged-in writer in turn. No 500, nothing written."""
    excluded = []
    targets = [t for t in resolver_targets(fuzz_site, excluded) if not t.admin]
    targets += page_tree_targets()
    users = clients(fuzz_site)
    discover(targets, users["reader"], monkeypatch)
    before = row_counts()
    failures = Failures()
    for number, target in enumerate(targets):
        for turn, value in enumerate(CORPUS):
            who = "writer" if (turn + number) % 2 else "reader"
            client = users[who]
            url = variants(target, value, turn + number)
            failures.check(who, "GET", url, client.get(url))
            if target.form and turn % 3 == 0:
                data = {name: bytes_or_text(value) for name in target.form}
                failures.check(who, "POST", target.url(), client.post(target.url(), data))
    failures.close()
    assert_nothing_written(before)


def bytes_or_text(encoded):
    from urllib.parse import unquote_to_bytes

    return (
        unquote_to_bytes(encoded)
        .decode("utf-8", "surrogateescape")
        .encode("utf-8", "surrogateescape")
        .decode("utf-8", "replace")
    )


# --- Hypothesis: random combinations, admin included for the writer ------------------------

#: Random requests per run: `make test` sends 40 (a fixed seed, so the same 40 each time);
#: `make test-fuzz` sends 1,000 with NASHIR_FUZZ_EXAMPLES.
EXAMPLES = int(os.environ.get("NASHIR_FUZZ_EXAMPLES", "40"))

hostile_text = st.one_of(
    st.sampled_from(CORPUS),
    st.text(min_size=0, max_size=60).map(
        lambda s: quote(s.encode("utf-8", "surrogatepass"), safe="")
    ),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.binary(max_size=40).map(lambda b: quote(b, safe="")),
)


@pytest.mark.django_db
def test_hostile_combinations(fuzz_site, monkeypatch):
    """Several hostile values at once, random parameter names, random text and bytes, any
    pattern (the admin's too, for the logged-in writer); the seed is fixed. No 500, nothing
    written."""
    reader = Client(raise_request_exception=False)
    targets = discover(resolver_targets(fuzz_site, []) + page_tree_targets(), reader, monkeypatch)
    users = clients(fuzz_site)
    before = row_counts()
    failures = Failures()

    @settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None)
    @given(data=st.data())
    def one_request(data):
        who = data.draw(st.sampled_from(["reader", "writer"]))
        pool = targets if who == "writer" else [t for t in targets if not t.admin]
        target = data.draw(st.sampled_from(pool))
        values = [data.draw(st.one_of(st.just(real), hostile_text)) for real in target.real]
        names = [*sorted(target.query), "utm_source", "x", data.draw(st.text(max_size=10))]
        chosen = data.draw(st.lists(st.sampled_from(names), max_size=4))
        query = "&".join(f"{quote(name, safe='')}={data.draw(hostile_text)}" for name in chosen)
        url = target.url(values) + (f"?{query}" if query else "")
        client = users[who]
        if target.form and data.draw(st.booleans()):
            form = {name: bytes_or_text(data.draw(hostile_text)) for name in target.form}
            failures.check(who, "POST", url, client.post(url, form))
        else:
            failures.check(who, "GET", url, client.get(url))

    one_request()
    failures.close()
    assert_nothing_written(before)


# --- over HTTP, through the WSGI page-cache tier that `make run` serves ----------------------

#: What reaches the file tier's key building: ``?page=`` and the path's segments.
PAGE_VALUES = [quote(v, safe="") for v in ("²", "٣", "⑤", "99999999999999999999999")] + ["%FF"]
SEGMENTS = [quote("ا" * 300, safe=""), "a" * 300, "%FF%FE", "%ED%A0%80", "%00", quote("٣", safe="")]


@pytest.fixture
def wsgi_server(settings):
    """nashir's WSGI stack as gunicorn runs it (PageCacheApp in front of Django) on a real
    socket, sharing the test database."""
    import socket

    from django.db import connections
    from django.test.testcases import LiveServerThread

    from nashir.pagecache.wsgi import PageCacheApp

    shared = {}
    for connection in connections.all():
        if connection.vendor == "sqlite" and connection.is_in_memory_db():
            connection.inc_thread_sharing()
            shared[connection.alias] = connection
    port = next(p for p in range(10720, 10790) if socket.socket().connect_ex(("127.0.0.1", p)))
    thread = LiveServerThread("127.0.0.1", PageCacheApp, connections_override=shared, port=port)
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    if thread.error:
        raise thread.error
    yield port
    thread.terminate()
    for connection in shared.values():
        connection.dec_thread_sharing()


def http_get(port, path):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        return response.status, response.getheader("X-Page-Cache")
    finally:
        connection.close()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_hostile_addresses_over_http_through_the_page_cache_tier(fuzz_site, wsgi_server):
    """Every public page, cached first (so the file tier has it), then asked for with hostile
    ?page= values and segments over a real socket: always an answer, never a 500 and never a
    dropped connection."""
    from wagtail.models import Site

    # Pages are kept only at their Site's own address: the one this server answers at.
    Site.objects.filter(is_default_site=True).update(hostname="127.0.0.1", port=wsgi_server)
    targets = [t for t in resolver_targets(fuzz_site, []) if not t.admin]
    targets = [t for t in targets if not t.template.startswith(("api/", "media/"))]
    targets += page_tree_targets()
    problems, stored = [], 0
    for target in targets:
        url = quote(target.url(), safe="/%?=&")
        for _ in range(2):
            status, cache = http_get(wsgi_server, url)
            stored += cache in ("stored", "hit")
        base = url.split("?")[0]
        hostile = [f"{base}?page={value}" for value in PAGE_VALUES]
        hostile += [base.rstrip("/") + f"/{segment}/" for segment in SEGMENTS]
        for path in hostile:
            try:
                status, _ = http_get(wsgi_server, path)
            except (ConnectionError, http.client.HTTPException) as exc:
                problems.append(f"{path[:120]}: connection dropped ({exc!r})")
                continue
            if status >= 500:
                problems.append(f"{path[:120]}: {status}")
    assert stored, "the page-cache tier stored nothing: the test would not exercise it"
    assert not problems, "\n".join(problems)
