"""What the certificates admin shows, and the screens Wagtail's generic views do not give:
revoke, re-issue, retry delivery, and the bulk ZIP download.

Certificates are official records: nobody adds, edits or deletes one in the admin, superusers
included (``CertificatePermissionPolicy``). Viewing needs ``certificates.view_certificate``
(HR, provincial administrators), the actions ``certificates.revoke_certificate`` (provincial
administrators). Every screen looks certificates up in ``Certificate.objects.visible_to(user)``,
so one outside the user's scope is a 404 and never reaches a ZIP.
"""

import tempfile
import zipfile

import django_filters
from django import forms
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.permissions import policy_registry
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction

from courses.models import CoursePage, TrainingType
from staff_lms.scoping import RecordPermissionPolicy, ScopedObjectMixin

from .forms import ReasonForm
from .models import CannotReissue, Certificate, CertificateSettings

SEARCH_FIELDS = ["number", "learner_name", "code"]

# Rendering a missing PDF takes a moment: a larger selection would outlast the request.
ZIP_LIMIT = 300


# What the admin shows -----------------------------------------------------------------------


class CertificatePermissionPolicy(RecordPermissionPolicy):
    """Only "view" and "revoke" exist for certificates in the admin."""

    actions = frozenset({"view", "revoke"})


def policy():
    return policy_registry.get_by_type(Certificate)


def admin_queryset(user):
    """The certificates ``user`` may see, each knowing whether it was re-issued (``is_replaced``)."""
    return Certificate.objects.visible_to(user).annotate(
        is_replaced=Exists(Certificate.objects.filter(replaces=OuterRef("pk")))
    )


def can_revoke(certificate):
    return certificate.status == Certificate.Status.VALID


def can_reissue(certificate):
    return not certificate.is_replaced


def can_retry_delivery(certificate):
    return certificate.status == Certificate.Status.VALID and certificate.delivered_at is None


def issue_years(user):
    """The years of the certificates ``user`` may see, newest first (one query)."""
    years = Certificate.objects.visible_to(user).order_by("-year").values_list("year", flat=True).distinct()
    return [(year, str(year)) for year in years]


def courses_with_certificates(request):
    if request is None:
        return CoursePage.objects.none()
    visible = Certificate.objects.visible_to(request.user).values("course_id")
    return CoursePage.objects.filter(pk__in=visible).order_by("title")


class CertificateFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=list(Certificate.STATUS_LABELS.items()), method="filter_status"
    )
    # Its choices are the years of the user's own certificates (__init__).
    year = django_filters.TypedChoiceFilter(label=_("Year"), choices=[], coerce=int)
    course = django_filters.ModelChoiceFilter(label=_("Course"), queryset=courses_with_certificates)
    training_type = django_filters.ChoiceFilter(label=_("Training type"), choices=TrainingType.choices)

    class Meta:
        model = Certificate
        fields = ["status", "year", "course", "training_type"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        self.filters["year"].extra["choices"] = issue_years(request.user) if request is not None else []

    def filter_status(self, queryset, name, value):
        """The status the verification page shows: an expired certificate is still "valid" in
        the database."""
        expired = Q(expires_on__lt=timezone.localdate())
        if value == Certificate.EXPIRED:
            return queryset.valid().filter(expired)
        if value == Certificate.Status.VALID:
            return queryset.valid().exclude(expired)
        return queryset.filter(status=value)


def search(queryset, query):
    condition = Q()
    for field in SEARCH_FIELDS:
        condition |= Q(**{f"{field}__icontains": query})
    return queryset.filter(condition)


# Actions on one certificate -----------------------------------------------------------------


class CertificateActionView(WagtailAdminTemplateMixin, FormView):
    """A form about one certificate, for users who may revoke, on certificates they may see.
    GET shows it; only a valid POST changes anything."""

    template_name = "certificates/admin/action.html"
    header_icon = "doc-full"
    index_url_name = None
    inspect_url_name = None
    is_available = None  # whether the action applies to the certificate's current state
    unavailable_message = ""
    intro = ""
    submit_label = ""
    submit_class = "button"

    def dispatch(self, request, *args, **kwargs):
        if not policy().user_has_permission(request.user, "revoke"):
            raise PermissionDenied
        self.object = get_object_or_404(admin_queryset(request.user), pk=kwargs["pk"])
        if not self.is_available(self.object):
            messages.warning(request, self.unavailable_message % {"number": self.object.number})
            return redirect(self.inspect_url)
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def inspect_url(self):
        return reverse(self.inspect_url_name, args=[self.object.pk])

    def get_success_url(self):
        return reverse(self.index_url_name)

    def get_page_subtitle(self):
        return self.object.number

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.index_url_name), "label": capfirst(Certificate._meta.verbose_name_plural)},
            {"url": self.inspect_url, "label": self.object.number},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            certificate=self.object,
            intro=self.intro,
            submit_label=self.submit_label,
            submit_class=self.submit_class,
            cancel_url=self.inspect_url,
            **kwargs,
        )

    def locked(self):
        """The certificate's row, locked until the transaction ends, so that two administrators
        acting at once act one after the other on fresh data."""
        return Certificate.objects.select_for_update().get(pk=self.object.pk)

    def refuse(self, form, message):
        form.add_error(None, message)
        return self.form_invalid(form)


class RevokeView(CertificateActionView):
    form_class = ReasonForm
    page_title = _("Revoke certificate")
    is_available = staticmethod(can_revoke)
    unavailable_message = _("Certificate %(number)s is already revoked.")
    intro = _(
        "A revoked certificate is shown as revoked to anyone who checks it, and its learner can no "
        "longer download it. This cannot be undone; to correct a certificate, re-issue it instead."
    )
    submit_label = _("Revoke")
    submit_class = "button serious"

    def form_valid(self, form):
        with transaction.atomic():
            certificate = self.locked()
            if certificate.status == Certificate.Status.REVOKED:
                return self.refuse(form, _("This certificate has just been revoked by someone else."))
            certificate.revoke(self.request.user, form.cleaned_data["reason"])
        messages.success(self.request, _("Certificate %(number)s revoked.") % {"number": certificate.number})
        return super().form_valid(form)


class ReissueView(CertificateActionView):
    form_class = ReasonForm
    page_title = _("Re-issue certificate")
    is_available = staticmethod(can_reissue)
    unavailable_message = _("Certificate %(number)s has already been re-issued.")
    intro = _(
        "Re-issuing revokes this certificate (if it is still valid) and issues a new one, with a new "
        "number and code and today's date, from the learner's and the course's current details. "
        "The new certificate is e-mailed to the learner."
    )
    submit_label = _("Re-issue")

    def form_valid(self, form):
        with transaction.atomic():
            certificate = self.locked()
            if Certificate.objects.filter(replaces=certificate).exists():
                return self.refuse(form, _("This certificate has just been re-issued by someone else."))
            other = None
            if certificate.course_id is not None:  # a class without a course: no such rule
                other = (
                    Certificate.objects.valid()
                    .filter(user_id=certificate.user_id, course_id=certificate.course_id)
                    .exclude(pk=certificate.pk)
                    .first()
                )
            if other is not None:
                return self.refuse(
                    form,
                    _("The learner already holds a valid certificate for this course: %(number)s.")
                    % {"number": other.number},
                )
            try:
                new = certificate.reissue(self.request.user, form.cleaned_data["reason"])
            except CannotReissue as error:
                return self.refuse(form, str(error))
        messages.success(
            self.request,
            _("Certificate %(number)s re-issued as %(new_number)s.")
            % {"number": certificate.number, "new_number": new.number},
        )
        return super().form_valid(form)


class RetryDeliveryView(CertificateActionView):
    form_class = forms.Form
    page_title = _("Retry delivery")
    is_available = staticmethod(can_retry_delivery)
    unavailable_message = _("Certificate %(number)s has already been e-mailed, or is no longer valid.")
    intro = _("The PDF is rendered again if needed and e-mailed to the learner.")
    submit_label = _("Send it again")

    def form_valid(self, form):
        self.object.schedule_delivery()
        messages.success(
            self.request,
            _("Delivery of certificate %(number)s scheduled. Its page shows whether it went out.")
            % {"number": self.object.number},
        )
        return super().form_valid(form)


# Bulk ZIP download ------------------------------------------------------------------------------


def zip_response(certificates):
    """One ZIP of the certificates' PDFs (rendered and stored first where missing)."""
    branding = CertificateSettings.current()
    spool = tempfile.SpooledTemporaryFile(max_size=32 * 1024 * 1024)
    names = set()
    with zipfile.ZipFile(spool, "w", zipfile.ZIP_DEFLATED) as archive:
        for certificate in certificates:
            archive.writestr(member_name(certificate.filename, names), certificate.ensure_pdf(branding))
    spool.seek(0)
    filename = f"giay-chung-nhan-{timezone.localdate():%Y%m%d}.zip"
    return FileResponse(spool, as_attachment=True, filename=filename, content_type="application/zip")


def member_name(filename, taken):
    """``filename``, or with a counter when taken already: the same number comes back every
    year, so one person's two certificates may share a name."""
    stem, extension = filename.rsplit(".", 1)
    name, counter = filename, 1
    while name in taken:
        counter += 1
        name = f"{stem}-{counter}.{extension}"
    taken.add(name)
    return name


class DownloadZipBulkAction(ScopedObjectMixin, SnippetBulkAction):
    display_name = _("Download PDFs (ZIP)")
    action_type = "download_zip"
    aria_label = _("Download the selected certificates' PDFs as one ZIP file")
    template_name = "certificates/admin/confirm_bulk_zip.html"
    action_priority = 10
    models = [Certificate]

    def dispatch(self, request, *args, **kwargs):
        if not self.permission_policy.user_has_permission(request.user, "view"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    filterset_class = CertificateFilterSet

    def search(self, queryset, query):
        return search(queryset, query)

    def get_actionable_objects(self):
        certificates, out_of_scope = self.selection
        return certificates, {"items_with_no_access": [], "out_of_scope": out_of_scope, "limit": ZIP_LIMIT}

    def form_valid(self, form):
        certificates, out_of_scope = self.selection
        if out_of_scope:
            messages.error(
                self.request,
                ngettext(
                    "%(count)d selected certificate is not yours to download: nothing was downloaded.",
                    "%(count)d selected certificates are not yours to download: nothing was downloaded.",
                    out_of_scope,
                )
                % {"count": out_of_scope},
            )
            return redirect(self.next_url)
        if not certificates:
            messages.error(self.request, _("No certificates were selected."))
            return redirect(self.next_url)
        if len(certificates) > ZIP_LIMIT:
            messages.error(
                self.request,
                _("Select at most %(limit)d certificates at a time.") % {"limit": ZIP_LIMIT},
            )
            return redirect(self.next_url)
        return zip_response(certificates)
