"""The "Training" menu: one entry of Wagtail's sidebar holding the LMS screens, in place of one
entry per app.

Each app registers its own items in it, the way it would in Wagtail's main menu:

- a ``MenuItem`` returned by a function registered with ``@hooks.register(TRAINING_MENU_HOOK)``
  (a ``PermissionMenuItem`` for a screen that asks a permission);
- a snippet or model viewset with ``menu_hook = TRAINING_MENU_HOOK`` and a ``menu_order``;
  Wagtail shows its item to those its permission policy lets see the listing.

An item shows to those its ``is_shown`` lets in; the menu shows when one of its items does.

Items are ordered by ``order``, in the order of the work: the roster first, then assigning and
following courses, classes, quizzes, the certificates they lead to, and the reports made of it
all. Each app keeps to its band:

=====  ===================================================================================
100    people: staff, import, institutions, units, HR scopes, prepared downloads
200    courses and assignments: assigning courses, following them, course trainers
300    classes: in-person classes
400    quizzes: questions, quizzes, categories, import, marking, statistics, SCORM results
500    certificates
600    reports: completion records, the III.3 report
900    the audit trail (oversight, read only)
=====  ===================================================================================
"""

from django.utils.translation import pgettext_lazy
from wagtail.admin.menu import Menu, SubmenuMenuItem

TRAINING_MENU_HOOK = "register_training_menu_item"

training_menu = Menu(register_hook_name=TRAINING_MENU_HOOK, construct_hook_name="construct_training_menu")


def training_menu_item():
    """The sidebar entry (registered in wagtail_hooks.py): right after Wagtail's "Pages" (100),
    where the courses are written, and before images and documents (300, 400)."""
    return SubmenuMenuItem(
        pgettext_lazy("admin menu", "Training"), training_menu, name="training", icon_name="clipboard-list", order=200
    )
