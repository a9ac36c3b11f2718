"""The newsroom's roles and its review workflow, set up the same way by a migration and a command.

Every function takes an ``apps`` registry, so the migration can pass its historical models and the
``setup_newsroom_roles`` command the real ones. Running it again only adds what is missing.
"""

WRITER = "كاتب"
EDITOR = "محرر"
WORKFLOW = "مراجعة التحرير"
REVIEW_TASK = "موافقة المحرر"

# Rights over the page tree, granted on the home page (so on every section and article).
# Wagtail's "add" lets a writer create pages and edit the ones they own, never others'.
PAGE_PERMISSIONS = {
    WRITER: ["add"],
    EDITOR: ["add", "change", "publish", "lock", "unlock"],
}
# Model rights: (app_label, model, action).
MODEL_PERMISSIONS = {
    WRITER: [
        ("wagtailadmin", "admin", "access"),
        ("wagtailimages", "image", "add"),
        ("wagtailimages", "image", "choose"),
        ("wagtaildocs", "document", "choose"),
        ("live", "liveentry", "add"),
        ("live", "liveentry", "change"),
    ],
    EDITOR: [
        ("wagtailadmin", "admin", "access"),
        ("wagtailimages", "image", "add"),
        ("wagtailimages", "image", "change"),
        ("wagtailimages", "image", "choose"),
        ("wagtailimages", "image", "delete"),
        ("wagtaildocs", "document", "add"),
        ("wagtaildocs", "document", "change"),
        ("wagtaildocs", "document", "choose"),
        ("people", "author", "add"),
        ("people", "author", "change"),
        ("discussion", "comment", "view"),
        ("discussion", "comment", "change"),
        ("discussion", "comment", "delete"),
        ("live", "liveentry", "add"),
        ("live", "liveentry", "change"),
        ("live", "liveentry", "delete"),
    ],
}
# Images and documents are also permitted per collection; both roles get the root collection.
COLLECTION_APPS = {"wagtailimages", "wagtaildocs"}
# Wagtail's own starter groups and workflow, replaced by the ones above while nobody uses them.
WAGTAIL_STARTER_GROUPS = ["Editors", "Moderators"]
WAGTAIL_STARTER_WORKFLOW = "Moderators approval"


def setup_newsroom_roles(apps, installed_apps=None):
    """Create «كاتب», «محرر» and «مراجعة التحرير»; return the names of what was added."""
    added = []
    groups = {name: _group(apps, name, added) for name in (WRITER, EDITOR)}
    home = apps.get_model("news", "HomePage").objects.order_by("path").first()
    root_collection = apps.get_model("wagtailcore", "Collection").objects.filter(depth=1).first()
    for name, group in groups.items():
        if home is not None:
            for action in PAGE_PERMISSIONS[name]:
                _grant_page(apps, group, home, action, added)
        for app_label, model, action in MODEL_PERMISSIONS[name]:
            if installed_apps is not None and app_label not in installed_apps:
                continue
            permission = _permission(apps, app_label, model, action)
            if not group.permissions.filter(pk=permission.pk).exists():
                group.permissions.add(permission)
                added.append(f"{name}: {app_label}.{action}_{model}")
            if app_label in COLLECTION_APPS and root_collection is not None:
                _grant_collection(apps, group, root_collection, permission, added)
    if home is not None:
        _review_workflow(apps, home, groups[EDITOR], added)
    _retire_wagtail_starters(apps, added)
    return added


def _group(apps, name, added):
    group, created = apps.get_model("auth", "Group").objects.get_or_create(name=name)
    if created:
        added.append(f"group {name}")
    return group


def _content_type(apps, app_label, model):
    return apps.get_model("contenttypes", "ContentType").objects.get_or_create(
        app_label=app_label, model=model
    )[0]


def _permission(apps, app_label, model, action):
    """The permission row, made now if Django has not yet made it after this migrate."""
    return apps.get_model("auth", "Permission").objects.get_or_create(
        content_type=_content_type(apps, app_label, model),
        codename=f"{action}_{model}",
        defaults={"name": f"Can {action} {model}"},
    )[0]


def _grant_page(apps, group, page, action, added):
    permission = _permission(apps, "wagtailcore", "page", action)
    _, created = apps.get_model("wagtailcore", "GroupPagePermission").objects.get_or_create(
        group=group, page_id=page.pk, permission=permission
    )
    if created:
        added.append(f"{group.name}: {action} pages")


def _grant_collection(apps, group, collection, permission, added):
    model = apps.get_model("wagtailcore", "GroupCollectionPermission")
    _, created = model.objects.get_or_create(
        group=group, collection=collection, permission=permission
    )
    if created:
        added.append(f"{group.name}: {permission.codename} in collection {collection.name}")


def _review_workflow(apps, home, editors, added):
    """«مراجعة التحرير»: one step, approved by an editor, for every page under the home page."""
    Workflow = apps.get_model("wagtailcore", "Workflow")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")

    task = GroupApprovalTask.objects.filter(name=REVIEW_TASK).first()
    if task is None:
        task = GroupApprovalTask.objects.create(
            name=REVIEW_TASK,
            content_type=_content_type(apps, "wagtailcore", "groupapprovaltask"),
            active=True,
        )
        added.append(f"task {REVIEW_TASK}")
    if not task.groups.filter(pk=editors.pk).exists():
        task.groups.add(editors)
    workflow, created = Workflow.objects.get_or_create(name=WORKFLOW, defaults={"active": True})
    if created:
        added.append(f"workflow {WORKFLOW}")
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    if not WorkflowPage.objects.filter(page_id=home.pk).exists():
        WorkflowPage.objects.create(page_id=home.pk, workflow=workflow)
        added.append(f"workflow {WORKFLOW} on {home.title}")


def _retire_wagtail_starters(apps, added):
    """Remove Wagtail's English starter groups and workflow if no one has used them."""
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowState = apps.get_model("wagtailcore", "WorkflowState")
    for group in Group.objects.filter(name__in=WAGTAIL_STARTER_GROUPS, user__isnull=True):
        group.delete()
        added.append(f"removed unused group {group.name}")
    for workflow in Workflow.objects.filter(name=WAGTAIL_STARTER_WORKFLOW):
        if not WorkflowState.objects.filter(workflow=workflow).exists():
            tasks = apps.get_model("wagtailcore", "Task").objects.filter(
                workflow_tasks__workflow=workflow
            )
            task_ids = list(tasks.values_list("pk", flat=True))
            workflow.delete()
            apps.get_model("wagtailcore", "Task").objects.filter(
                pk__in=task_ids, workflow_tasks__isnull=True, task_states__isnull=True
            ).delete()
            added.append(f"removed unused workflow {WAGTAIL_STARTER_WORKFLOW}")
