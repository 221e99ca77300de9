from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.log_actions import LogFormatter
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from staff_lms.dashboard import SettingsMissingPanel

from .admin_views import CertificatePermissionPolicy, DownloadZipBulkAction
from .models import Certificate, CertificateLogEntry, CertificateSettings
from .viewsets import CertificateViewSet

# Before the viewset is registered, so that Wagtail never falls back to the model permissions.
register_permission_policy(Certificate, CertificatePermissionPolicy(Certificate))
register_snippet(CertificateViewSet)
hooks.register("register_bulk_action", DownloadZipBulkAction)


@hooks.register("register_log_actions")
def register_certificate_log_actions(actions):
    """How Certificate.revoke(), reissue() and log_issue() appear in the certificate's history and
    the site history report: with the reason given, or what it was issued for. Their entries are
    CertificateLogEntry rows, which the site history report scopes like the certificates."""
    actions.register_model(Certificate, CertificateLogEntry)

    @actions.register_action("certificates.revoke")
    class RevokeFormatter(LogFormatter):
        label = _("Revoke certificate")

        def format_message(self, log_entry):
            return _("Revoked. Reason: %(reason)s") % {"reason": log_entry.data.get("reason", "")}

    @actions.register_action("certificates.issue")
    class IssueFormatter(LogFormatter):
        label = _("Issue certificate")

        def format_message(self, log_entry):
            return _("Issued as %(number)s: %(note)s") % {
                "number": log_entry.data.get("number", ""),
                "note": log_entry.data.get("note", ""),
            }

    @actions.register_action("certificates.reissue")
    class ReissueFormatter(LogFormatter):
        label = _("Re-issue certificate")

        def format_message(self, log_entry):
            return _("Re-issued as %(new_number)s. Reason: %(reason)s") % {
                "new_number": log_entry.data.get("new_number", ""),
                "reason": log_entry.data.get("reason", ""),
            }


@hooks.register("construct_homepage_panels")
def add_settings_missing_panel(request, panels):
    SettingsMissingPanel.register(
        panels,
        request,
        CertificateSettings,
        heading=_("Certificates are not set up yet"),
        text=_(
            "Fill Settings → Certificates before the first certificate is issued: every certificate prints the "
            "signatory given there."
        ),
        button=_("Fill Settings → Certificates"),
    )
