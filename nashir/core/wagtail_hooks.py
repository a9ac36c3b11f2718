"""nashir's own admin: avatars drawn locally, its name and guide instead of Wagtail's."""

from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin.menu import MenuItem, SubmenuMenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .admin_avatars import avatar_url


@hooks.register("get_avatar_url")
def initials_avatar(user, size):
    return avatar_url(user, size)


@hooks.register("insert_global_admin_css")
def nashir_admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("admin/css/admin.css"))


class EditorGuideView(WagtailAdminTemplateMixin, TemplateView):
    """«دليل التحرير»: how this newsroom works, in the editors' language, inside the admin."""

    page_title = "دليل التحرير"
    header_icon = "help"
    template_name = "nashir_admin/guide.html"

    def get_breadcrumbs_items(self):
        return [*super().get_breadcrumbs_items(), {"url": "", "label": self.page_title}]


@hooks.register("register_admin_urls")
def guide_urls():
    return [path("guide/", EditorGuideView.as_view(), name="nashir_editor_guide")]


@hooks.register("construct_help_menu")
def nashir_help(request, menu_items):
    """Wagtail's English guide and release notes on wagtail.org give way to nashir's guide."""
    menu_items[:] = [
        item
        for item in menu_items
        if not item.name.startswith("whats-new-in-wagtail") and item.name != "editor-guide"
    ]
    menu_items.append(
        MenuItem(
            "دليل التحرير",
            reverse("nashir_editor_guide"),
            name="editor-guide",
            icon_name="help",
            order=1100,
        )
    )


@hooks.register("construct_main_menu")
def settings_without_version(request, menu_items):
    """The settings submenu without its «Wagtail v8.0.1» footer."""
    for index, item in enumerate(menu_items):
        if item.name == "settings" and isinstance(item, SubmenuMenuItem):
            menu_items[index] = SubmenuMenuItem(
                item.label,
                item.menu,
                name=item.name,
                icon_name=item.icon_name,
                classname=item.classname,
                order=item.order,
                attrs=item.attrs,
            )
