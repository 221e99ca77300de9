from wagtail import hooks
from wagtail.snippets.models import register_snippet

from .models import StaffProfile, StaffProfileLogEntry
from .viewsets import PeopleViewSetGroup

register_snippet(PeopleViewSetGroup)


@hooks.register("register_log_actions")
def register_staff_profile_log_model(actions):
    """Staff profile history in its own table, scoped like the profiles (people.scoping)."""
    actions.register_model(StaffProfile, StaffProfileLogEntry)
