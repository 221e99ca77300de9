"""Wagtail's migrations leave a new site some data named in English: the "Editors" and
"Moderators" groups, the "Moderators approval" workflow and task, and the "Root" page, which the
admin shows in its group list, workflow screens and the explorer's breadcrumbs. On this host site
(Vietnamese first) they take names in the site's language after each migrate, unless an
administrator has renamed them already. The LMS apps themselves touch none of this: a host's
data is its own."""

from django.apps import apps
from django.conf import settings
from django.utils import translation
from django.utils.translation import pgettext_lazy

GROUPS = {
    "Editors": pgettext_lazy("Wagtail's starter data", "Editors"),
    "Moderators": pgettext_lazy("Wagtail's starter data", "Moderators"),
}
WORKFLOW = {"Moderators approval": pgettext_lazy("Wagtail's starter data", "Moderators approval")}
ROOT_PAGE = {"Root": pgettext_lazy("Wagtail's starter data", "Root")}


def rename_starter_data(**kwargs):
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    Task = apps.get_model("wagtailcore", "Task")
    Page = apps.get_model("wagtailcore", "Page")
    with translation.override(settings.LANGUAGE_CODE):
        for model, field, names in (
            (Group, "name", GROUPS),
            (Workflow, "name", WORKFLOW),
            (Task, "name", WORKFLOW),
            (Page, "title", ROOT_PAGE),
        ):
            for english, name in names.items():
                if not model.objects.filter(**{field: str(name)}).exists():
                    model.objects.filter(**{field: english}).update(**{field: str(name)})
