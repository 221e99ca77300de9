from wagtail.snippets.models import register_snippet

from .viewsets import PeopleViewSetGroup

register_snippet(PeopleViewSetGroup)
