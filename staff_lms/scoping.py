"""Wagtail admin pieces that show each user only the records in their scope, for any model
with a ``visible_to(user)`` queryset (staff profiles, certificates, classes) and, for what the
user may change, a ``managed_by(user)`` one (classes, quizzes).

Wagtail's own extras around a snippet (its chooser, the site history report) otherwise list
every row to anyone holding one permission on the model: HR of one unit would see the staff
and certificates of every other unit there.
"""

from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from wagtail.admin.views.generic.base import BaseObjectMixin
from wagtail.admin.views.generic.models import CopyViewMixin
from wagtail.models.audit_log import BaseLogEntry, BaseLogEntryManager
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
    SnippetChosenMultipleView,
    SnippetChosenView,
)


def scoped_chooser_viewset(objects_for):
    """A SnippetChooserViewSet class whose every view lists and returns only
    ``objects_for(user)``."""

    class Choose(ChooseView):
        def get_object_list(self):
            return objects_for(self.request.user)

    class ChooseResults(ChooseResultsView):
        def get_object_list(self):
            return objects_for(self.request.user)

    class Chosen(SnippetChosenView):
        def get_object(self, pk):
            return objects_for(self.request.user).get(pk=pk)

    class ChosenMultiple(SnippetChosenMultipleView):
        def get_objects(self, pks):
            return objects_for(self.request.user).filter(pk__in=pks)

    return type(
        "ScopedChooserViewSet",
        (SnippetChooserViewSet,),
        {
            "choose_view_class": Choose,
            "choose_results_view_class": ChooseResults,
            "chosen_view_class": Chosen,
            "chosen_multiple_view_class": ChosenMultiple,
        },
    )


def permission_chooser_viewset(model):
    """A SnippetChooserViewSet class listing ``model``'s rows to users with its view
    permission, and nothing to anyone else (Wagtail's choosers check no permission)."""
    permission = f"{model._meta.app_label}.view_{model._meta.model_name}"
    manager = model._default_manager
    return scoped_chooser_viewset(lambda user: manager.all() if user.has_perm(permission) else manager.none())


class ScopedLogEntryManager(BaseLogEntryManager):
    """Log entries of one model, kept in their own table with a foreign key ``object_field``
    to it, that the site history report shows only to users who may view the object.
    Subclasses set ``object_field``, ``view_permission``, ``visible_objects(user)`` and
    ``every_entry_permission``: who sees every entry, those of deleted objects included."""

    object_field = ""
    view_permission = ""
    every_entry_permission = ""

    def visible_objects(self, user):
        raise NotImplementedError

    def log_action(self, instance, action, **kwargs):
        kwargs[self.object_field] = instance
        return super().log_action(instance, action, **kwargs)

    def viewable_by_user(self, user):
        if self.every_entry_permission and user.has_perm(self.every_entry_permission):
            return self.all()
        if not user.has_perm(self.view_permission):
            return self.none()
        return self.filter(**{f"{self.object_field}__in": self.visible_objects(user).values("pk")})

    def for_instance(self, instance):
        return self.filter(**{self.object_field: instance})


class ScopedLogEntry(BaseLogEntry):
    """Base of a model's own log entry table (its manager a ``ScopedLogEntryManager``, its
    foreign key the manager's ``object_field``)."""

    class Meta(BaseLogEntry.Meta):
        abstract = True
        ordering = ["-timestamp", "-id"]

    def __str__(self):
        return f"{type(self).__name__} {self.pk}: {self.action} on {self.object_id}"

    @cached_property
    def _object_field(self):
        return self._meta.get_field(type(self).objects.object_field)

    @cached_property
    def object_verbose_name(self):
        return self._object_field.related_model._meta.verbose_name

    @cached_property
    def object_id(self):
        return getattr(self, self._object_field.attname)


class ScopedObjectMixin:
    """For a Wagtail view of one object (edit, delete, copy, history, usage) or of a selection
    (a bulk action): the objects are looked up in ``scoped_objects()``, the model's
    ``object_scope`` queryset for the user (``visible_to`` unless the view says ``managed_by``), so
    that one outside the user's scope is a 404.

    A bulk action's ``selection`` is ``(objects, out_of_scope)``: the selected objects in scope,
    and how many of the selected ids are not among them. "Select all" takes the listing as
    filtered (``filterset_class``) and searched (``search(queryset, query)``)."""

    object_scope = "visible_to"
    filterset_class = None

    def scoped_objects(self):
        return getattr(self.model._default_manager, self.object_scope)(self.request.user)

    def get_object(self, queryset=None):
        if isinstance(self, BaseObjectMixin):  # history, usage: get_base_object_queryset() below
            return super().get_object()
        if isinstance(self, CopyViewMixin):  # Wagtail would look the original up among every object
            return get_object_or_404(self.scoped_objects(), pk=unquote(str(self.kwargs[self.pk_url_kwarg])))
        # Edit and delete: Django's lookup in the queryset given, which Wagtail wraps with revisions and locking.
        return super().get_object(self.scoped_objects())

    def get_base_object_queryset(self):
        return self.scoped_objects()

    def search(self, queryset, query):
        raise NotImplementedError

    @cached_property
    def selection(self):
        scoped = self.scoped_objects()
        ids = self.request.GET.getlist("id")
        if "all" in ids:
            filters = self.filterset_class(self.request.GET, queryset=scoped, request=self.request)
            if filters.is_valid():
                scoped = filters.qs
            if query := self.request.GET.get("q", "").strip():
                scoped = self.search(scoped, query)
            return list(scoped), 0
        pks = {int(pk) for pk in ids if pk.isdigit()}
        objects = list(scoped.filter(pk__in=pks))
        return objects, len(pks) - len(objects)


class ScopedPermissionPolicy(ModelPermissionPolicy):
    """The model permissions, on the rows of ``model.objects.visible_to(user)`` only. Wagtail's
    bulk actions (delete) look the selected rows up among every row and ask the policy about each:
    without this, a permission granted in the group editor would reach rows outside the scope."""

    def visible(self, user):
        return self.model._default_manager.visible_to(user)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and self.visible(user).filter(pk=instance.pk).exists()

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return self.user_has_any_permission(user, actions) and self.visible(user).filter(pk=instance.pk).exists()

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return self.model._default_manager.none()
        return self.visible(user)


class RecordPermissionPolicy(ModelPermissionPolicy):
    """For records nobody edits in the admin (certificates, the export log): only the
    ``actions`` listed exist; add, change and delete are refused to everyone, superusers
    included, so Wagtail offers no form to alter a record."""

    actions = frozenset({"view"})

    def user_has_permission(self, user, action):
        return action in self.actions and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        actions = [action for action in actions if action in self.actions]
        if not actions:
            return get_user_model().objects.none()
        return super().users_with_any_permission(actions)
