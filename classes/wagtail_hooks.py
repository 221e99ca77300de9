from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from .models import TrainingClass
from .viewsets import TrainingClassPermissionPolicy, TrainingClassViewSet

# Before the viewset is registered, so that Wagtail never falls back to the model permissions.
register_permission_policy(TrainingClass, TrainingClassPermissionPolicy(TrainingClass))
register_snippet(TrainingClassViewSet)
