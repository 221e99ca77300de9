"""Wagtail admin screens for units and staff, in the "Training" menu (staff_lms.menu, band 100;
the audit trail at 900)."""

import django_filters
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets.button import Button
from wagtail.snippets.views.snippets import (
    CopyView,
    DeleteView,
    EditView,
    HistoryView,
    SnippetViewSet,
    UsageView,
)

from staff_lms.menu import TRAINING_MENU_HOOK
from staff_lms.scoping import ScopedObjectMixin, permission_chooser_viewset, scoped_chooser_viewset

from .admin_views import StaffIndexView, anonymise_button, invitation_button
from .models import AdministrativeUnit, AuditEntry, HRScope, Institution, StaffProfile
from .roles import accounts_placeable_by, institutions_in_scope
from .roster import EXPORT_COLUMNS

# HR opens only the profiles of its own institutions (StaffProfile.objects.visible_to); anything
# else is a 404.


class ScopedEditView(ScopedObjectMixin, EditView):
    @cached_property
    def header_more_buttons(self):
        extra = [
            invitation_button(self.request, self.object, Button, priority=40),
            anonymise_button(self.request, self.object, Button, priority=50),
        ]
        return [*super().header_more_buttons, *filter(None, extra)]


class ScopedDeleteView(ScopedObjectMixin, DeleteView):
    pass


class ScopedHistoryView(ScopedObjectMixin, HistoryView):
    pass


class ScopedUsageView(ScopedObjectMixin, UsageView):
    pass


class ScopedCopyView(ScopedObjectMixin, CopyView):
    pass


class StaffProfileForm(WagtailAdminModelForm):
    """HR places staff in the institutions of its scope only, and links a profile to an account
    it may place (``accounts_placeable_by``, as the roster import does): the account list names no
    other unit's staff and no account with a role."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        scope = institutions_in_scope(self.for_user)
        if scope is not None:
            institution = self.fields["institution"]
            institution.queryset = institution.queryset.filter(pk__in=scope)
            institution.required = True
            account = self.fields["user"]
            account.queryset = accounts_placeable_by(self.for_user, account.queryset)


class StaffProfileFilterSet(WagtailFilterSet):
    """The Staff listing's filters; the institution filter offers HR only the institutions of
    its scope (Wagtail's listing passes the request)."""

    class Meta:
        model = StaffProfile
        fields = ["participant_type", "staff_category", "institution__institution_type", "institution"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        scope = institutions_in_scope(self.request.user)
        if scope is not None:
            institution = self.filters["institution"]
            institution.queryset = institution.queryset.filter(pk__in=scope)


class AdministrativeUnitViewSet(SnippetViewSet):
    model = AdministrativeUnit
    icon = "site"
    menu_label = _("Administrative units")
    menu_hook = TRAINING_MENU_HOOK
    menu_order = 140
    list_display = ["name", "code", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["name", "code"]

    def get_queryset(self, request):
        return AdministrativeUnit.objects.select_related("parent")


class InstitutionViewSet(SnippetViewSet):
    model = Institution
    icon = "home"
    menu_label = _("Institutions")
    menu_hook = TRAINING_MENU_HOOK
    menu_order = 130
    list_display = ["name", "code", "institution_type", "administrative_unit"]
    list_filter = ["institution_type", "administrative_unit"]
    search_fields = ["name", "code"]

    def get_queryset(self, request):
        return Institution.objects.select_related("institution_type", "administrative_unit")


class StaffProfileViewSet(SnippetViewSet):
    model = StaffProfile
    icon = "user"
    menu_label = _("Staff")
    menu_hook = TRAINING_MENU_HOOK
    menu_order = 110
    list_display = [
        "full_name",
        "employee_code",
        "position",
        Column("institution", label=_("institution")),
        "participant_type",
    ]
    filterset_class = StaffProfileFilterSet
    search_fields = ["full_name", "employee_code", "position"]
    index_view_class = StaffIndexView  # "Import staff" button; the export is the roster sheet, logged
    list_export = EXPORT_COLUMNS
    export_filename = "danh-sach-nhan-su"
    edit_view_class = ScopedEditView
    delete_view_class = ScopedDeleteView
    history_view_class = ScopedHistoryView
    usage_view_class = ScopedUsageView
    copy_view_class = ScopedCopyView
    edit_handler = ObjectList(
        [
            FieldPanel(name)
            for name in (
                "user",
                "full_name",
                "date_of_birth",
                "institution",
                "position",
                "participant_type",
                "staff_category",
                "employee_code",
            )
        ],
        base_form_class=StaffProfileForm,
    )
    chooser_viewset_class = scoped_chooser_viewset(
        lambda user: StaffProfile.objects.visible_to(user)
        if user.has_perm("people.view_staffprofile")
        else StaffProfile.objects.none()
    )

    def get_queryset(self, request):
        return StaffProfile.objects.visible_to(request.user).select_related("institution", "user")


class HRScopeViewSet(SnippetViewSet):
    model = HRScope
    icon = "lock"
    menu_label = pgettext_lazy("admin menu", "HR scopes")  # the model's plural is lower case
    menu_hook = TRAINING_MENU_HOOK
    menu_order = 150
    chooser_viewset_class = permission_chooser_viewset(HRScope)


class AuditEntryFilterSet(WagtailFilterSet):
    created_at = django_filters.DateFromToRangeFilter(label=_("When"), widget=DateRangePickerWidget)

    class Meta:
        model = AuditEntry
        fields = ["action", "created_at", "source"]


class AuditEntryViewSet(SnippetViewSet):
    """The audit trail (exports, imports, role and HR-scope changes, certificate revocations
    and re-issues): for provincial administrators, the only group with
    people.view_auditentry; nobody can change or delete an entry."""

    model = AuditEntry
    chooser_viewset_class = permission_chooser_viewset(AuditEntry)
    icon = "history"
    menu_label = _("Audit trail")
    menu_hook = TRAINING_MENU_HOOK
    menu_order = 900
    list_display = ["created_at", "actor_name", "action", "kind_text", "details_text", "rows", "file_format", "source"]
    filterset_class = AuditEntryFilterSet
    search_fields = ["kind", "actor_name"]
    inspect_view_enabled = True
    copy_view_enabled = False
    add_to_reference_index = False
    list_per_page = 50


VIEWSETS = (StaffProfileViewSet, InstitutionViewSet, AdministrativeUnitViewSet, HRScopeViewSet, AuditEntryViewSet)
