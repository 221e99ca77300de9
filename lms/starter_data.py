"""Wagtail's migrations leave a new site some data named in English: the "Editors" and
"Moderators" groups, the "Moderators approval" workflow and task, the "Root" page and the "Root"
collection, which the admin shows in its group list, workflow screens, the explorer's breadcrumbs
and the collection choosers. On this host site
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
ROOT = {"Root": pgettext_lazy("Wagtail's starter data", "Root")}


def rename_starter_data(**kwargs):
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    Task = apps.get_model("wagtailcore", "Task")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    with translation.override(settings.LANGUAGE_CODE):
        for model, field, names in (
            (Group, "name", GROUPS),
            (Workflow, "name", WORKFLOW),
            (Task, "name", WORKFLOW),
            (Page, "title", ROOT),
            (Collection, "name", ROOT),
        ):
            for english, name in names.items():
                if not model.objects.filter(**{field: str(name)}).exists():
                    renamed = {field: str(name)}
                    if model is Page:
                        renamed["draft_title"] = str(name)  # the title the admin shows
                    model.objects.filter(**{field: english}).update(**renamed)
