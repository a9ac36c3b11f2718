"""Admin panels shared by nashir's pages."""

from modelcluster.forms import BaseChildFormSet
from wagtail.admin.panels import InlinePanel as WagtailInlinePanel

MANAGEMENT_FIELDS = {"id", "DELETE", "ORDER"}


class BlankRowsDroppedFormSet(BaseChildFormSet):
    """Rows an editor added and left empty are treated as removed: never saved, never an error.

    A row is blank when every field without a default is empty (a «تصحيح» whose note is empty,
    whatever its date; a byline with no author). Wagtail otherwise saves such a row with a draft
    (required fields are deferred then) and refuses the next publish because of it.
    """

    def _should_delete_form(self, form):
        return super()._should_delete_form(form) or is_blank_row(form)


def is_blank_row(form):
    if not form.is_bound:
        return False
    model = form._meta.model
    filled_by_editor = []
    for name, field in form.fields.items():
        if name in MANAGEMENT_FIELDS:
            continue
        try:
            model_field = model._meta.get_field(name)
        except Exception:  # a form-only field: the editor fills it
            model_field = None
        if model_field is not None and model_field.has_default():
            continue
        filled_by_editor.append((name, field))
    if not filled_by_editor:
        return False
    for name, field in filled_by_editor:
        value = field.widget.value_from_datadict(form.data, form.files, form.add_prefix(name))
        if isinstance(value, str):
            value = value.strip()
        if value not in (None, "", [], ()):
            return False
    return True


class InlinePanel(WagtailInlinePanel):
    """Wagtail's InlinePanel whose empty rows are dropped (see BlankRowsDroppedFormSet)."""

    def get_form_options(self):
        options = super().get_form_options()
        options["formsets"][self.relation_name]["formset"] = BlankRowsDroppedFormSet
        return options
