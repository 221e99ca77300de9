"""The "In-person classes" admin screens, in the "Training" menu (staff_lms.menu, band 300):
Wagtail's listing (filters, search), add, edit, delete and history of classes, plus each class's
attendance and import screens (admin_views.py).

Who sees which classes is ``TrainingClass.objects.visible_to(user)``; who may edit or delete
one is ``TrainingClass.objects.managed_by(user)``, enforced by ``TrainingClassPermissionPolicy``
(registered in wagtail_hooks.py) and by every view's queryset, so a class outside the user's
scope is a 404.
"""

import django_filters
from django import forms
from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import ExtractYear
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.widgets.button import HeaderButton
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.views.snippets import (
    CreateView,
    DeleteView,
    EditView,
    HistoryView,
    IndexView,
    SnippetViewSet,
    UsageView,
)

from courses.models import CoursePage, TrainingType
from people.models import Institution
from staff_lms.menu import TRAINING_MENU_HOOK
from staff_lms.scoping import ScopedObjectMixin, scoped_chooser_viewset

from . import admin_views, services
from .forms import TrainingClassForm
from .models import TrainingClass


class TrainingClassPermissionPolicy(ModelPermissionPolicy):
    """The model permissions (given to the role groups by people.roles); per class, "change" and
    "delete" need the class in ``managed_by(user)``, anything else in ``visible_to(user)``."""

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and (
            self.instances_user_has_permission_for(user, action).filter(pk=instance.pk).exists()
        )

    def instances_user_has_any_permission_for(self, user, actions):
        actions = [action for action in actions if self.user_has_permission(user, action)]
        if not actions:
            return TrainingClass.objects.none()
        if set(actions) <= {"change", "delete"}:
            return TrainingClass.objects.managed_by(user)
        return TrainingClass.objects.visible_to(user)


# Listing ----------------------------------------------------------------------------------


def class_years(request):
    if request is None:
        return []
    years = (
        services.classes_for(request.user)
        .annotate(year=ExtractYear("ends_on"))
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )
    return [(year, str(year)) for year in years]


def organisers(request):
    if request is None:
        return Institution.objects.none()
    return Institution.objects.filter(pk__in=services.classes_for(request.user).values("organiser")).order_by("name")


def courses(request):
    if request is None:
        return CoursePage.objects.none()
    return CoursePage.objects.filter(pk__in=services.classes_for(request.user).values("course")).order_by("title")


class TrainingClassFilterSet(WagtailFilterSet):
    training_type = django_filters.ChoiceFilter(label=_("Training type"), choices=TrainingType.choices)
    organiser = django_filters.ModelChoiceFilter(label=_("Organised by"), queryset=organisers)
    year = django_filters.TypedChoiceFilter(label=_("Year"), field_name="ends_on__year", coerce=int)
    period = django_filters.DateFromToRangeFilter(
        label=_("Period (last day of the class)"), field_name="ends_on", widget=DateRangePickerWidget
    )
    course = django_filters.ModelChoiceFilter(label=_("Online course"), queryset=courses)

    class Meta:
        model = TrainingClass
        fields = ["training_type", "organiser", "year", "period", "course"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["year"].extra["choices"] = class_years(self.request)


class TrainingClassIndexView(admin_views.UrlNamesMixin, IndexView):
    """Each class's title leads to its attendance; edit and delete are offered on the classes
    the user manages."""

    def get_base_queryset(self):
        user = self.request.user
        return (
            super()
            .get_base_queryset()
            .select_related("organiser", "course", "trainer__staff_profile")
            .annotate(
                attendee_count=Count("attendances"),
                completed_count=Count("attendances", filter=Q(attendances__completed=True)),
                is_managed=Exists(TrainingClass.objects.managed_by(user).filter(pk=OuterRef("pk"))),
            )
        )

    def get_edit_url(self, instance):
        # Wagtail links each row's title to this URL: the class's own page (its attendance),
        # open to everyone who sees the class. "Edit" is among the row's buttons.
        return reverse(self.attendance_url_name, args=[instance.pk])

    def get_delete_url(self, instance):
        if instance.is_managed:
            return super().get_delete_url(instance)
        return None

    def get_list_more_buttons(self, instance):
        buttons = [
            MenuItem(_("Attendance"), url=reverse(self.attendance_url_name, args=[instance.pk]), icon_name="group")
        ]
        if services.can_record_attendance(self.request.user):
            buttons.append(
                MenuItem(
                    _("Import attendance"),
                    url=reverse(self.import_url_name, args=[instance.pk]),
                    icon_name="upload",
                    priority=15,
                )
            )
        if instance.is_managed and self.user_has_permission("change"):
            buttons.append(
                MenuItem(_("Edit"), url=reverse(self.edit_url_name, args=[instance.pk]), icon_name="edit", priority=20)
            )
        if delete_url := self.get_delete_url(instance):
            buttons.append(MenuItem(_("Delete"), url=delete_url, icon_name="bin", priority=30))
        return buttons

    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if services.can_record_attendance(self.request.user):
            buttons.append(
                HeaderButton(_("Attendance sheet template"), url=reverse(self.template_url_name), icon_name="download")
            )
        return buttons


# Add, edit, delete, history ----------------------------------------------------------------


class ManagedObjectMixin(ScopedObjectMixin):
    """Edit, delete and usage look the class up among those the user manages: anything else is a 404."""

    object_scope = "managed_by"


class TrainingClassCreateView(admin_views.UrlNamesMixin, CreateView):
    def save_instance(self):
        self.form.instance.created_by = self.request.user
        return super().save_instance()

    def get_success_url(self):
        # Next: its attendance.
        return reverse(self.attendance_url_name, args=[self.object.pk])


class TrainingClassEditView(admin_views.UrlNamesMixin, ManagedObjectMixin, EditView):
    def save_instance(self):
        instance = super().save_instance()
        if "course" in self.form.changed_data:
            # Those who completed the class complete its (new) online course too.
            services.complete_course_for_attendees(instance, actor=self.request.user)
        return instance

    def get_success_url(self):
        return reverse(self.attendance_url_name, args=[self.object.pk])


class TrainingClassDeleteView(ManagedObjectMixin, DeleteView):
    pass


class TrainingClassHistoryView(ScopedObjectMixin, HistoryView):
    pass


class TrainingClassUsageView(ManagedObjectMixin, UsageView):
    pass


class TrainingClassViewSet(SnippetViewSet):
    model = TrainingClass
    icon = "calendar-alt"
    menu_label = _("In-person classes")
    menu_name = "classes"
    menu_hook = TRAINING_MENU_HOOK
    menu_order = 310
    copy_view_enabled = False
    index_view_class = TrainingClassIndexView
    add_view_class = TrainingClassCreateView
    edit_view_class = TrainingClassEditView
    delete_view_class = TrainingClassDeleteView
    history_view_class = TrainingClassHistoryView
    usage_view_class = TrainingClassUsageView
    chooser_viewset_class = scoped_chooser_viewset(services.classes_for)

    list_display = [
        "title",
        Column("dates", label=_("Dates"), accessor="dates_display", sort_key="starts_on"),
        "place",
        Column("organiser", label=_("Organised by")),
        Column("trainer", label=_("Trainer"), accessor="trainer_display_name"),
        Column("training_type", label=_("Training type"), accessor="get_training_type_display"),
        Column("hours", label=_("Hours")),
        Column("course", label=_("Online course")),
        Column("attendee_count", label=_("Participants"), sort_key="attendee_count"),
        Column("completed_count", label=_("Completed"), sort_key="completed_count"),
        DateColumn("created_at", label=_("Recorded")),
    ]
    filterset_class = TrainingClassFilterSet
    search_fields = ["title", "place", "trainer_name", "notes"]
    list_per_page = 50
    ordering = ["-starts_on", "title"]

    edit_handler = ObjectList(
        [
            FieldPanel("title"),
            FieldPanel("course", widget=forms.Select),
            FieldPanel("training_type"),
            FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on"), FieldPanel("hours")], heading=_("When")),
            FieldPanel("place"),
            FieldPanel("organiser", widget=forms.Select),
            MultiFieldPanel([FieldPanel("trainer"), FieldPanel("trainer_name")], heading=_("Trainer")),
            FieldPanel("notes"),
        ],
        base_form_class=TrainingClassForm,
    )

    def get_queryset(self, request):
        return services.classes_for(request.user)

    def url_names(self):
        return {
            "attendance_url_name": self.get_url_name("attendance"),
            "import_url_name": self.get_url_name("import"),
            "import_confirm_url_name": self.get_url_name("import_confirm"),
            "template_url_name": self.get_url_name("template"),
        }

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(**self.url_names(), **kwargs)

    def get_add_view_kwargs(self, **kwargs):
        return super().get_add_view_kwargs(**self.url_names(), **kwargs)

    def get_edit_view_kwargs(self, **kwargs):
        return super().get_edit_view_kwargs(**self.url_names(), **kwargs)

    def class_view(self, view_class):
        return view_class.as_view(
            index_url_name=self.get_url_name("list"),
            edit_url_name=self.get_url_name("edit"),
            breadcrumbs_items=self.breadcrumbs_items,
            **self.url_names(),
        )

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("attendance/<int:pk>/", self.class_view(admin_views.AttendanceView), name="attendance"),
            path("attendance/<int:pk>/import/", self.class_view(admin_views.ImportAttendanceView), name="import"),
            path(
                "attendance/<int:pk>/import/confirm/",
                self.class_view(admin_views.ConfirmImportView),
                name="import_confirm",
            ),
            path("attendance-template.xlsx", admin_views.AttendanceTemplateView.as_view(), name="template"),
        ]
