"""Articles created in bulk, as Wagtail itself would have made them.

Wagtail creates a page with ``parent.add_child()`` (the tree path read from the parent's last
child, the row saved, the parent's ``numchild`` updated), then ``save_revision()`` (the page
serialised into a Revision) and ``revision.publish()`` (the page saved again, signals sent):
about a dozen queries and three saves per article. An import of a whole archive makes the same
rows for a batch of articles at once:

* tree paths are counted on from each section's last child, kept in memory between batches;
* the page rows (``wagtailcore_page``, then ``news_articlepage``) go in with one multi-row
  INSERT each, bylines and tag links with one more each;
* each revision's content is ``page.serializable_data()`` — Wagtail's own serialisation —
  and the revisions go in with one INSERT; the pages then point at them in one UPDATE;
* each section's ``numchild`` is raised once per batch;
* the reference index rows Wagtail extracts from each page go in with one INSERT.

On PostgreSQL the rows go through COPY (``copy_rows``): an INSERT of a batch's rows is a
statement with thousands of placeholders, which Django's compiler builds value by value and
psycopg's client-side binding splits and quotes in Python; Django's own bulk insert sends each
column as one array (``UNNEST``), quoted element by element in Python too.

What Wagtail does on publish besides is done by the importer once for the whole run: the
search and reference indexes, related lists and the page cache (see importer.finish).
"""

from __future__ import annotations

import uuid

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, connections, router, transaction
from django.db.models import F
from django.db.models.constants import OnConflict
from django.db.models.sql import InsertQuery
from django.db.models.sql.compiler import SQLInsertCompiler
from modelcluster.models import get_all_child_relations
from wagtail.models import Page, ReferenceIndex, Revision


class TreePositions:
    """The next free tree path under each parent, read once and then counted in memory."""

    def __init__(self):
        self.last_step = {}

    def next_path(self, parent):
        step = self.last_step.get(parent.pk)
        if step is None:
            last = (
                Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
                .order_by("-path")
                .values_list("path", flat=True)
                .first()
            )
            step = Page._str2int(last[-Page.steplen :]) if last else 0
        step += 1
        self.last_step[parent.pk] = step
        return Page._get_path(parent.path, parent.depth + 1, step)

    def forget(self):
        """After a rolled-back batch the database is the truth again."""
        self.last_step.clear()


def insert_rows(model, objs, fields=None, returning=False, ignore_conflicts=False):
    """Insert `objs` into `model`'s own table at once; set and return their new ids if
    `returning`. The ORM's bulk_create refuses multi-table models such as pages (each table of
    the page is written on its own here). On PostgreSQL the rows go through COPY (see
    copy_rows), elsewhere as one multi-row INSERT (``VALUES``) per chunk. `ignore_conflicts`
    skips rows a unique constraint refuses."""
    if fields is None:
        fields = [f for f in model._meta.local_concrete_fields if not f.primary_key]
    if not objs:
        return []
    using = router.db_for_write(model)
    if connections[using].vendor == "postgresql":
        returned = copy_rows(model, objs, fields, using, returning, ignore_conflicts)
    else:
        returned = values_rows(model, objs, fields, using, returning, ignore_conflicts)
    if returning:
        for obj, pk in zip(objs, returned, strict=True):
            setattr(obj, model._meta.pk.attname, pk)  # a page's own id, not its subclass's
            obj._state.adding = False
            obj._state.db = using
    return returned


def values_rows(model, objs, fields, using, returning, ignore_conflicts):
    """``INSERT … VALUES (…), (…)`` per chunk, built by Django's own insert compiler."""
    ops = connections[using].ops
    size = max(1, ops.bulk_batch_size(fields, objs))
    returned = []
    for start in range(0, len(objs), size):
        chunk = objs[start : start + size]
        query = InsertQuery(model, on_conflict=OnConflict.IGNORE if ignore_conflicts else None)
        query.insert_values(fields, chunk)
        compiler = query.get_compiler(using=using)
        # Django's generic rows-as-VALUES form, whatever the engine's compiler prefers.
        compiler.assemble_as_sql = SQLInsertCompiler.assemble_as_sql.__get__(compiler)
        rows = compiler.execute_sql([model._meta.pk] if returning else None)
        if returning:
            returned.extend(row[0] for row in rows)
    return returned


def copy_rows(model, objs, fields, using, returning, ignore_conflicts):
    """PostgreSQL: the rows through ``COPY … FROM STDIN``, their ids (if `returning`) taken
    from the table's sequence first.

    An INSERT of a batch's rows is a statement with thousands of ``%s``: Django's compiler
    makes SQL for each value, and psycopg's client-side binding (Django's default) splits the
    statement at every placeholder and quotes each value in Python — together about a quarter
    of a 10,000-post import's time on PostgreSQL. COPY has no statement per row: the values
    are written as they are, escaped by psycopg in C, and the server reads them without
    parsing. The values are still the fields' own (``pre_save``, ``get_db_prep_save``), as
    Django's insert would send them.

    COPY knows no ON CONFLICT: with `ignore_conflicts` it runs in a savepoint, and if a unique
    constraint refuses a row the chunk goes in as ``INSERT … ON CONFLICT DO NOTHING`` instead.
    """
    connection = connections[using]
    quote = connection.ops.quote_name
    table = model._meta.db_table
    pk = model._meta.pk
    returned = []
    if returning:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, pk.column, len(objs)],
            )
            returned = [row[0] for row in cursor.fetchall()]
        for obj, new_id in zip(objs, returned, strict=True):
            setattr(obj, pk.attname, new_id)
        fields = [pk, *fields]
    columns = ", ".join(quote(f.column) for f in fields)
    statement = f"COPY {quote(table)} ({columns}) FROM STDIN"

    def copy():
        # psycopg's own cursor (Django's has no COPY), its errors made Django's.
        with (
            connection.cursor() as cursor,
            connection.wrap_database_errors,
            cursor.cursor.copy(statement) as rows,
        ):
            for obj in objs:
                rows.write_row(
                    [f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields]
                )

    if not ignore_conflicts:
        copy()
        return returned
    try:
        with transaction.atomic(using=using):
            copy()
    except IntegrityError:
        values_rows(model, objs, fields, using, False, ignore_conflicts=True)
    return returned


def create_pages(page_model, pages, children=None):
    """Insert unsaved pages of `page_model` whose tree fields (path, depth, url_path) are set.

    ``children`` maps a child relation name (``bylines``, ``tagged_items``) to a function
    returning the unsaved child objects of one page; they are inserted in bulk and kept on the
    page in memory, so the revision serialises them with their ids as Wagtail would.
    """
    if not pages:
        return
    base_fields = [f for f in Page._meta.local_concrete_fields if not f.primary_key]
    insert_rows(Page, pages, base_fields, returning=True)
    for page in pages:
        page.page_ptr_id = page.id
    insert_rows(page_model, pages, list(page_model._meta.local_concrete_fields))
    for name, make in (children or {}).items():
        related = page_model._meta.get_field(name).related_model
        per_page = [(page, make(page)) for page in pages]
        objs = [obj for _, made in per_page for obj in made]
        insert_rows(related, objs, returning=True)
        for page, made in per_page:
            setattr(page, name, made)
    # Child relations the import does not fill are empty: say so, so that serialising the
    # page reads nothing from the database.
    filled = set(children or {})
    for relation in get_all_child_relations(page_model):
        name = relation.get_accessor_name()
        if name not in filled:
            for page in pages:
                setattr(page, name, [])


def create_revisions(pages, created_at, approved_go_live_at=None, publish=None):
    """One revision per page, serialised by Wagtail, inserted at once; the pages point at it.

    ``publish(page)`` says whether the revision is the live one (a published article);
    ``approved_go_live_at(page)`` gives a scheduled article's publishing time.
    """
    if not pages:
        return []
    page_model = type(pages[0])
    content_type = ContentType.objects.get_for_model(page_model)
    base_type = ContentType.objects.get_for_model(Page)
    revisions = []
    for page in pages:
        revisions.append(
            Revision(
                content_type_id=content_type.pk,
                base_content_type_id=base_type.pk,
                object_id=str(page.pk),
                created_at=created_at,
                user=None,
                object_str=str(page),
                content=page.serializable_data(),
                approved_go_live_at=approved_go_live_at(page) if approved_go_live_at else None,
            )
        )
    insert_rows(Revision, revisions, returning=True)
    for page, revision in zip(pages, revisions, strict=True):
        page.latest_revision_id = revision.pk
        page.live_revision_id = revision.pk if publish and publish(page) else None
    update_rows(Page, pages, ["latest_revision_id", "live_revision_id"])
    return revisions


def update_rows(model, objs, attnames):
    """Set `attnames` of each saved obj's row from the obj, in one UPDATE per chunk.

    Django's bulk_update writes ``SET f = CASE WHEN id = 1 THEN … WHEN id = 2 THEN … END``,
    which the ORM builds and the database evaluates row by row (5 % of a 10,000-post import's
    time, for the revision pointers alone); here the new values are a list of rows joined to
    the table: ``WITH v(id, …) AS (VALUES …) UPDATE t SET … FROM v WHERE t.id = v.id``
    (PostgreSQL, SQLite ≥ 3.33).
    """
    if not objs:
        return
    using = router.db_for_write(model)
    connection = connections[using]
    quote = connection.ops.quote_name
    pk = model._meta.pk
    fields = [pk, *(model._meta.get_field(name) for name in attnames)]
    if connection.vendor == "postgresql":  # VALUES' parameters would otherwise be text
        slots = [f"CAST(%s AS {f.cast_db_type(connection)})" for f in fields]
    else:
        slots = ["%s"] * len(fields)
    row = f"({', '.join(slots)})"
    names = [f.column for f in fields]
    table = quote(model._meta.db_table)
    assignments = ", ".join(f"{quote(n)} = v.{quote(n)}" for n in names[1:])
    size = max(1, 900 // len(fields))  # SQLite's oldest limit of 999 parameters a statement
    with connection.cursor() as cursor:
        for start in range(0, len(objs), size):
            chunk = objs[start : start + size]
            params = [
                f.get_db_prep_save(getattr(obj, f.attname), connection)
                for obj in chunk
                for f in fields
            ]
            cursor.execute(
                f"WITH v({', '.join(map(quote, names))}) AS (VALUES {', '.join([row] * len(chunk))}) "
                f"UPDATE {table} SET {assignments} FROM v WHERE {table}.{quote(names[0])} = v.{quote(names[0])}",
                params,
            )


def count_children(parents_added):
    """Raise each parent's numchild by the pages added under it, one UPDATE per parent."""
    for parent, added in parents_added.items():
        if added:
            Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + added)
            parent.numchild += added


def new_page(page_model, parent, positions, *, slug, title, locale_id, **fields):
    """An unsaved page placed under `parent`, with the fields Page.save() would have filled."""
    page = page_model(
        path=positions.next_path(parent),
        depth=parent.depth + 1,
        numchild=0,
        translation_key=uuid.uuid4(),
        locale_id=locale_id,
        title=title,
        draft_title=title,
        slug=slug,
        url_path=f"{parent.url_path}{slug}/",
        content_type_id=ContentType.objects.get_for_model(page_model).pk,
        expired=False,
        locked=False,
        **fields,
    )
    return page


def index_references(pages):
    """The reference index rows of new pages, as ``ReferenceIndex.create_or_update_for_object``
    makes them (Wagtail's own extraction from each page in memory), inserted at once: new pages
    have no rows to compare with or delete, so the per-page read and INSERT are not needed."""
    rows = []
    for page in pages:
        content_types = [
            ContentType.objects.get_for_model(model, for_concrete_model=False)
            for model in [page, *page._meta.get_parent_list()]
        ]
        for to_type, to_id, model_path, content_path in set(
            ReferenceIndex._extract_references_from_object(page)
        ):
            rows.append(
                ReferenceIndex(
                    content_type=content_types[0],
                    base_content_type=content_types[-1],
                    object_id=page.pk,
                    to_content_type_id=to_type,
                    to_object_id=to_id,
                    model_path=model_path,
                    content_path=content_path,
                    content_path_hash=ReferenceIndex._get_content_path_hash(content_path),
                )
            )
    insert_rows(ReferenceIndex, rows, ignore_conflicts=True)  # as Wagtail's own insert
