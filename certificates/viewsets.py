"""The "Certificates" admin screens: Wagtail's listing (filters, search, a logged and
formula-safe export, bulk ZIP), inspect and history views, read-only, plus revoke, re-issue
and retry delivery.

Who may do what is ``admin_views.CertificatePermissionPolicy`` (registered in
wagtail_hooks.py); which certificates a user sees is ``Certificate.objects.visible_to()``.
"""

from django.contrib.auth.models import Permission
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import BooleanColumn, StatusTagColumn
from wagtail.admin.widgets.button import Button, HeaderButton, ListingButton
from wagtail.snippets.views.snippets import HistoryView, IndexView, InspectView, SnippetViewSet

from people.audit import AuditedExportMixin
from people.models import display_name
from staff_lms.menu import TRAINING_MENU_HOOK
from staff_lms.scoping import scoped_chooser_viewset

from .admin_views import (
    SEARCH_FIELDS,
    CertificateFilterSet,
    DownloadZipBulkAction,
    ReissueView,
    RetryDeliveryView,
    RevokeView,
    admin_queryset,
    can_reissue,
    can_retry_delivery,
    can_revoke,
    policy,
)
from .models import Certificate


class CertificateActionsMixin:
    """The action links of one certificate, for the views that know the viewset's URL names."""

    revoke_url_name = None
    reissue_url_name = None
    retry_delivery_url_name = None

    @cached_property
    def user_can_revoke(self):
        return self.user_has_permission("revoke")

    def revoke_url(self, certificate):
        """The revoke screen's URL, if the user may revoke and the certificate is still valid."""
        if self.user_can_revoke and can_revoke(certificate):
            return reverse(self.revoke_url_name, args=[certificate.pk])
        return None

    def action_links(self, certificate, *, with_revoke=True):
        """``(label, url, icon)`` of the actions that apply to the certificate as it is now."""
        if not self.user_can_revoke:
            return []
        links = []
        if with_revoke and can_revoke(certificate):
            links.append((_("Revoke"), self.revoke_url_name, "cross"))
        if can_reissue(certificate):
            links.append((_("Re-issue"), self.reissue_url_name, "rotate"))
        if can_retry_delivery(certificate):
            links.append((_("Retry delivery"), self.retry_delivery_url_name, "mail"))
        return [(label, reverse(url_name, args=[certificate.pk]), icon) for label, url_name, icon in links]


class CertificateIndexView(AuditedExportMixin, CertificateActionsMixin, IndexView):
    """The listing; its export (``list_export``) is logged and formula-safe, like the Staff one."""

    export_log_kind = "certificates"

    def get_list_more_buttons(self, instance):
        buttons = [
            MenuItem(_("Download PDF"), url=instance.download_url, icon_name="download", priority=5),
            *super().get_list_more_buttons(instance),  # "Inspect": there is no edit or delete
        ]
        for priority, (label, url, icon) in enumerate(self.action_links(instance), start=40):
            buttons.append(MenuItem(label, url=url, icon_name=icon, priority=priority))
        return buttons

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Only the ZIP download: Wagtail's "Delete", registered for every snippet, would be
        # refused for certificates anyway.
        context["bulk_action_buttons"] = [
            ListingButton(
                action.display_name,
                reverse("wagtail_bulk_action", args=["certificates", "certificate", action.action_type]),
                attrs={"aria-label": action.aria_label, "data-bulk-action-button": ""},
                priority=action.action_priority,
                classname="bulk-action-btn",
            )
            for action in [DownloadZipBulkAction]
        ]
        return context


class CertificateInspectView(CertificateActionsMixin, InspectView):
    inspect_url_name = None  # for the links to the replaced and replacing certificates
    history_url_name = None

    def get_object(self, queryset=None):
        certificates = admin_queryset(self.request.user).select_related(
            "user__staff_profile",
            "course",
            "issued_by__staff_profile",
            "revoked_by__staff_profile",
            "replaces",
            "replaced_by",
        )
        return get_object_or_404(certificates, pk=self.pk)

    @cached_property
    def header_buttons(self):
        """Download (the PDF, and the signed credential it carries, as JSON), and revoking as a
        labelled button of its own, not among the "⋯" actions: it is what an administrator opens a
        certificate for when one was issued in error."""
        buttons = [
            HeaderButton(_("Download PDF"), url=self.object.download_url, icon_name="download"),
            HeaderButton(_("Signed credential (JSON)"), url=self.object.credential_url, icon_name="download"),
        ]
        if revoke_url := self.revoke_url(self.object):
            buttons.append(HeaderButton(_("Revoke certificate"), url=revoke_url, icon_name="cross"))
        return buttons

    @cached_property
    def header_more_buttons(self):
        buttons = [
            Button(label, url=url, icon_name=icon, priority=priority)
            for priority, (label, url, icon) in enumerate(self.action_links(self.object, with_revoke=False), start=10)
        ]
        buttons.append(
            Button(
                _("History"),
                url=reverse(self.history_url_name, args=[self.object.pk]),
                icon_name="history",
                priority=50,
            )
        )
        return buttons

    def get_field_label(self, field_name, field):
        if field_name == "replaced_by":
            return _("Replaced by")
        return super().get_field_label(field_name, field)

    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        return "—" if value is None or value == "" else value

    def link_to(self, certificate):
        if certificate is None:
            return None
        return format_html('<a href="{}">{}</a>', reverse(self.inspect_url_name, args=[certificate.pk]), certificate)

    def get_status_display_value(self):
        return self.object.get_public_status_display()

    def get_code_display_value(self):
        return format_html('<a href="{}">{}</a>', self.object.verify_path, self.object.code)

    def get_user_display_value(self):
        user = self.object.user
        return f"{display_name(user)} ({user.get_username()})"

    def get_issued_by_display_value(self):
        if self.object.issued_by is None:
            return _("Automatically, on completion")
        return display_name(self.object.issued_by)

    def get_revoked_by_display_value(self):
        return display_name(self.object.revoked_by) if self.object.revoked_by else None

    def get_replaces_display_value(self):
        return self.link_to(self.object.replaces)

    def get_replaced_by_display_value(self):
        return self.link_to(getattr(self.object, "replaced_by", None))

    def get_delivered_at_display_value(self):
        return self.object.delivered_at or _("Not yet")


class CertificateHistoryView(HistoryView):
    """Wagtail's history, open to whoever may see the certificate (it has no edit view)."""

    any_permission_required = ["view"]
    inspect_url_name = None

    def get_base_object_queryset(self):
        return Certificate.objects.visible_to(self.request.user)

    def get_edit_url(self, instance):
        # The breadcrumb link to the object leads to its inspect view instead.
        return reverse(self.inspect_url_name, args=[instance.pk])

    @cached_property
    def header_buttons(self):
        return []


def chooser_queryset(user):
    if not policy().user_has_permission(user, "view"):
        return Certificate.objects.none()
    return Certificate.objects.visible_to(user)


class CertificateViewSet(SnippetViewSet):
    model = Certificate
    icon = "doc-full"
    menu_label = _("Certificates")
    menu_name = "certificates"
    menu_hook = TRAINING_MENU_HOOK
    menu_order = 510
    copy_view_enabled = False
    inspect_view_enabled = True
    # Records, not content: no usage entries on course pages naming learners, and no index
    # rows to write on every issue and revocation.
    add_to_reference_index = False
    index_view_class = CertificateIndexView
    inspect_view_class = CertificateInspectView
    history_view_class = CertificateHistoryView
    chooser_viewset_class = scoped_chooser_viewset(chooser_queryset)
    index_template_name = "certificates/admin/index.html"

    list_display = [
        "number",
        "learner_name",
        "course_title",
        "issued_on",
        StatusTagColumn(
            "status",
            accessor="get_public_status_display",
            label=_("Status"),
            sort_key="status",
            primary=lambda certificate: certificate.public_status == Certificate.Status.VALID,
        ),
        BooleanColumn(
            "delivered", accessor=lambda certificate: certificate.delivered_at is not None, label=_("E-mailed")
        ),
    ]
    filterset_class = CertificateFilterSet
    search_fields = SEARCH_FIELDS
    list_per_page = 50
    list_export = [
        "number",
        "learner_name",
        "institution_name",
        "course_title",
        "get_training_type_display",
        "hours",
        "score",
        "completed_on",
        "issued_on",
        "expires_on",
        "get_public_status_display",
        "revoked_at",
        "revoke_reason",
    ]
    export_headings = {
        "get_training_type_display": _("Training type"),
        "get_public_status_display": _("Status"),
    }
    export_filename = "giay-chung-nhan"
    inspect_view_fields = [
        "number",
        "status",
        "code",
        "learner_name",
        "date_of_birth",
        "user",
        "institution_name",
        "course_title",
        "course",
        "training_type",
        "hours",
        "score",
        "started_on",
        "completed_on",
        "issued_on",
        "expires_on",
        "issuer_name",
        "issuer_governing_body",
        "issuer_place",
        "signatory_authority",
        "signatory_title",
        "signatory_name",
        "issued_by",
        "replaces",
        "replaced_by",
        "revoked_at",
        "revoked_by",
        "revoke_reason",
        "delivered_at",
        "delivery_attempts",
        "delivery_error",
        "created_at",
    ]

    def get_queryset(self, request):
        return admin_queryset(request.user)

    def get_permissions_to_register(self):
        # The group editor offers only what the policy honours.
        return Permission.objects.filter(
            content_type__app_label="certificates", codename__in=["view_certificate", "revoke_certificate"]
        )

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            revoke_url_name=self.get_url_name("revoke"),
            reissue_url_name=self.get_url_name("reissue"),
            retry_delivery_url_name=self.get_url_name("retry_delivery"),
            **kwargs,
        )

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("revoke/<int:pk>/", self.construct_view(RevokeView), name="revoke"),
            path("reissue/<int:pk>/", self.construct_view(ReissueView), name="reissue"),
            path("retry-delivery/<int:pk>/", self.construct_view(RetryDeliveryView), name="retry_delivery"),
        ]
