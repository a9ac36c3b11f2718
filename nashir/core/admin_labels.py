"""Column headings Wagtail derives from field names in English ("Port", "Site name").

Wagtail's Sites listing declares `Column("port")` without a label, so the heading is the field's
code name; the fields' own verbose names are translated. Called once at start-up.
"""

from django.utils.text import capfirst


def label_columns_from_fields(columns, model):
    for column in columns:
        if column.label != capfirst(column.name.replace("_", " ")):
            continue  # labelled on purpose
        try:
            field = model._meta.get_field(column.name)
        except Exception:  # noqa: BLE001 — not a field: keep Wagtail's label
            continue
        column.label = capfirst(field.verbose_name)


def label_admin_columns():
    from wagtail.models import Site
    from wagtail.sites.views import IndexView

    label_columns_from_fields(IndexView.columns, Site)
