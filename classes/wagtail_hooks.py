from django.shortcuts import redirect
from django.urls import reverse
from wagtail import hooks
from wagtail.admin import messages
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


@hooks.register("before_delete_snippet")
def keep_certified_classes(request, instances):
    """Deleting a class (alone or in bulk) whose participants hold valid certificates is
    refused with the reason (``TrainingClass.deletion_error``): a certificate of a class that
    no longer exists would stay valid without a word."""
    classes = [instance for instance in instances if isinstance(instance, TrainingClass)]
    errors = [error for training_class in classes if (error := training_class.deletion_error())]
    if not errors:
        return None
    for error in errors:
        messages.error(request, error)
    return redirect(reverse(TrainingClass.snippet_viewset.get_url_name("list")))


@hooks.register("register_log_actions")
def register_training_class_log_model(actions):
    """Class history in its own table, scoped like the classes (staff_lms.scoping): the site
    history report shows HR only the classes of its scope."""
    actions.register_model(TrainingClass, TrainingClassLogEntry)
