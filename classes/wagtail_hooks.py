from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from staff_lms.permissions import registered

from .models import TrainingClass, TrainingClassLogEntry
from .viewsets import TrainingClassPermissionPolicy, TrainingClassViewSet

# Before the viewset is registered, so that Wagtail never falls back to the model permissions.
register_permission_policy(TrainingClass, TrainingClassPermissionPolicy(TrainingClass))
register_snippet(TrainingClassViewSet)


@hooks.register("register_permissions")
def register_class_permissions():
    """For Wagtail's group editor: seeing classes (their snippet screens show add, change and
    delete) and recording their attendance."""
    return registered(
        "classes.view_trainingclass",
        *(f"classes.{action}_attendance" for action in ("add", "change", "delete", "view")),
    )


@hooks.register("register_log_actions")
def register_training_class_log_model(actions):
    """Class history in its own table, scoped like the classes (staff_lms.scoping): the site
    history report shows HR only the classes of its scope."""
    actions.register_model(TrainingClass, TrainingClassLogEntry)
