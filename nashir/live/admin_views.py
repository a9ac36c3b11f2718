"""«التحديثات» of one live page in the admin: a compact form that publishes one entry at once
(no page revision, no review), and the entries with their edit and delete links.

Allowed to users with the «add live entry» permission (the newsroom's writers and editors,
`migrations/0002`); the page itself still goes through «مراجعة التحرير».
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .forms import QuickEntryForm
from .models import LiveCoveragePage, LiveEntry

ADD_PERMISSION = "live.add_liveentry"


def can_post(user):
    return user.has_perm(ADD_PERMISSION)


class LiveEntriesView(WagtailAdminTemplateMixin, FormView):
    form_class = QuickEntryForm
    template_name = "live/admin/entries.html"
    header_icon = "radio-full"

    def dispatch(self, request, page_id):
        self.page = get_object_or_404(LiveCoveragePage, pk=page_id)
        if not can_post(request.user):
            raise PermissionDenied
        return super().dispatch(request, page_id)

    def get_page_title(self):
        return f"تحديثات: {self.page.title}"

    def get_breadcrumbs_items(self):
        return [
            *super().get_breadcrumbs_items(),
            {
                "url": reverse("wagtailadmin_pages:edit", args=[self.page.pk]),
                "label": self.page.title,
            },
            {"url": "", "label": "التحديثات"},
        ]

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            live_page=self.page,
            entries=list(LiveEntry.objects.filter(page=self.page).for_reader()),
            can_change=user.has_perm("live.change_liveentry"),
            can_delete=user.has_perm("live.delete_liveentry"),
            **kwargs,
        )

    def form_valid(self, form):
        entry = form.save(self.page)
        entry.save_revision(user=self.request.user, log_action=True)
        if self.page.live:
            messages.success(self.request, f"نُشر التحديث رقم {entry.number}.")
        else:
            messages.warning(
                self.request,
                f"حُفظ التحديث رقم {entry.number}، ويظهر للقرّاء حين تُنشر صفحة التغطية.",
            )
        return redirect("live_entries", self.page.pk)
