"""The moderation queue in the Wagtail admin, laid out as WordPress users know it."""

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.sidebar import LinkMenuItem as LinkMenuItemComponent
from wagtail.admin.widgets.button import Button, ListingButton
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet

from .models import Comment

Status = Comment.Status


def status_counts():
    """How many comments are in each state, in one query."""
    counts = dict.fromkeys(Status.values, 0)
    counts.update(Comment.objects.values_list("status").annotate(n=Count("pk")).order_by())
    return counts


class CommentFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label="الحالة", choices=Status.choices, empty_label="الكل (عدا المزعج والمهملات)"
    )
    article = django_filters.NumberFilter(label="رقم المقال", field_name="article_id")

    class Meta:
        model = Comment
        fields = ["status", "article"]


class CommentIndexView(IndexView):
    def get_base_queryset(self):
        """Like WordPress's «الكل»: spam and trash only when asked for."""
        queryset = super().get_base_queryset().select_related("article")
        if not self.request.GET.get("status"):
            queryset = queryset.exclude(status__in=[Status.SPAM, Status.TRASH])
        return queryset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        counts = status_counts()
        current = self.request.GET.get("status", "")
        context["status_tabs"] = [
            ("", "الكل", counts[Status.PENDING] + counts[Status.APPROVED], current == "")
        ] + [(value, label, counts[value], current == value) for value, label in Status.choices]
        return context


class CommentViewSet(SnippetViewSet):
    model = Comment
    index_view_class = CommentIndexView
    index_template_name = "discussion/admin/index.html"
    icon = "comment"
    menu_label = "التعليقات"
    menu_name = "comments"
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["__str__", "name", "article", "status", "created_at", "spam_reason"]
    filterset_class = CommentFilterSet
    search_fields = ["name", "email", "body"]
    list_per_page = 50
    ordering = ["-created_at"]

    @property
    def menu_item_class(self):
        """The menu shows how many comments wait, like WordPress's bubble."""
        base = super().menu_item_class

        class CommentMenuItem(base):
            def render_component(self, request):
                waiting = Comment.objects.pending().count()
                if not waiting:
                    return super().render_component(request)
                return LinkMenuItemComponent(
                    self.name,
                    f"التعليقات ({waiting})",
                    f"{self.url}?status=pending",
                    icon_name=self.icon_name,
                    classname=self.classname,
                    attrs=self.attrs,
                )

        return CommentMenuItem


register_snippet(CommentViewSet)


class CommentStatusBulkAction(SnippetBulkAction):
    """Approve, mark as spam or move to trash: per comment, so the page-cache signals fire."""

    models = [Comment]
    template_name = "discussion/admin/confirm_bulk_status.html"
    new_status = None
    question = ""

    def check_perm(self, snippet):
        return self.permission_policy.user_has_permission_for_instance(
            self.request.user, "change", snippet
        )

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "action": self}

    @classmethod
    def execute_action(cls, objects, **kwargs):
        changed = 0
        for comment in objects:
            if comment.status != cls.new_status:
                comment.set_status(cls.new_status)
                changed += 1
        return changed, 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return f"{self.done} — عدد التعليقات: {num_parent_objects}."


class ApproveBulkAction(CommentStatusBulkAction):
    display_name = "اعتماد"
    action_type = "approve"
    aria_label = "اعتماد التعليقات المحددة"
    new_status = Status.APPROVED
    question = "نشر هذه التعليقات تحت مقالاتها؟"
    done = "نُشرت التعليقات"
    action_priority = 10


class SpamBulkAction(CommentStatusBulkAction):
    display_name = "مزعج"
    action_type = "spam"
    aria_label = "تعليم التعليقات المحددة مزعجة"
    new_status = Status.SPAM
    question = "تعليم هذه التعليقات مزعجة؟ تُخفى عن القرّاء وتبقى في قائمة «مزعج»."
    done = "عُلّمت التعليقات مزعجة"
    action_priority = 20


class TrashBulkAction(CommentStatusBulkAction):
    display_name = "إلى المهملات"
    action_type = "trash"
    aria_label = "نقل التعليقات المحددة إلى المهملات"
    new_status = Status.TRASH
    question = "نقل هذه التعليقات إلى المهملات؟ تُخفى عن القرّاء ويمكن استعادتها."
    done = "نُقلت التعليقات إلى المهملات"
    action_priority = 25


class UnapproveBulkAction(CommentStatusBulkAction):
    display_name = "إعادة إلى المراجعة"
    action_type = "unapprove"
    aria_label = "إعادة التعليقات المحددة إلى قائمة الانتظار"
    new_status = Status.PENDING
    question = "إخفاء هذه التعليقات وإعادتها إلى قائمة الانتظار؟"
    done = "أُعيدت التعليقات إلى المراجعة"
    action_priority = 30


STATUS_ACTIONS = [ApproveBulkAction, SpamBulkAction, TrashBulkAction, UnapproveBulkAction]
for action_class in STATUS_ACTIONS:
    hooks.register("register_bulk_action", action_class)


ACTIONS_BY_TYPE = {action.action_type: action for action in STATUS_ACTIONS}
#: What one click did, said in the message that follows it.
DONE_FOR_ONE = {
    "approve": "نُشر تعليق {name} تحت «{article}».",
    "spam": "عُلّم تعليق {name} مزعجاً وأُخفي عن القرّاء.",
    "trash": "نُقل تعليق {name} إلى المهملات.",
    "unapprove": "أُعيد تعليق {name} إلى قائمة الانتظار وأُخفي عن القرّاء.",
}


@require_POST
def set_comment_status(request, pk, action_type):
    """One comment approved (or marked spam, trashed, held) in one click: no confirmation page,
    since each of these can be undone from the same list. The bulk actions keep theirs."""
    action = ACTIONS_BY_TYPE.get(action_type)
    comment = get_object_or_404(Comment.objects.select_related("article"), pk=pk)
    if action is None or not request.user.has_perm("discussion.change_comment"):
        raise PermissionDenied
    comment.set_status(action.new_status)
    messages.success(
        request,
        DONE_FOR_ONE[action_type].format(name=comment.name, article=comment.article.title),
    )
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}):
        next_url = reverse("wagtailsnippets_discussion_comment:list")
    return redirect(next_url)


@hooks.register("register_admin_urls")
def comment_status_urls():
    return [
        path(
            "comments/<int:pk>/<str:action_type>/",
            set_comment_status,
            name="nashir_comment_status",
        )
    ]


@hooks.register("register_snippet_listing_buttons")
def comment_status_buttons(snippet, user, next_url=None):
    """One-click moderation per row: the button posts the change at once (Wagtail's
    `w-action#post`); without JavaScript the link opens the bulk action's confirmation."""
    if not isinstance(snippet, Comment):
        return []
    buttons = []
    for action in STATUS_ACTIONS:
        if snippet.status == action.new_status:
            continue
        confirm = reverse("wagtail_bulk_action", args=["discussion", "comment", action.action_type])
        query = f"?id={snippet.pk}" + (f"&next={next_url}" if next_url else "")
        post_url = reverse("nashir_comment_status", args=[snippet.pk, action.action_type])
        # «اعتماد» sits in the row itself, next to the comment; the others in its «…» menu.
        button_class = ListingButton if action is ApproveBulkAction else Button
        buttons.append(
            button_class(
                action.display_name,
                confirm + query,
                priority=5 + action.action_priority,
                attrs={
                    "data-controller": "w-action",
                    "data-action": "w-action#post",
                    "data-w-action-url-value": post_url,
                },
            )
        )
    return buttons


class PendingCommentsPanel(Component):
    """The dashboard's reminder of comments waiting for an editor."""

    name = "pending_comments"
    order = 90

    def render_html(self, parent_context=None):
        waiting = Comment.objects.pending().count()
        if not waiting:
            return ""
        url = reverse("wagtailsnippets_discussion_comment:list") + "?status=pending"
        return format_html(
            '<section class="panel w-mb-8"><h2 class="w-h3">التعليقات</h2>'
            '<p><a href="{}">{} بانتظار المراجعة</a></p></section>',
            url,
            waiting,
        )


@hooks.register("construct_homepage_panels")
def add_pending_comments_panel(request, panels):
    if request.user.has_perm("discussion.change_comment"):
        panels.append(PendingCommentsPanel())
