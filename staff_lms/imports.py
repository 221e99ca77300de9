"""The preview-then-confirm flow of the admin's sheet imports (staff here, questions in
``quizzes``, attendance in ``classes``): an upload is checked by a dry run and previewed, or its
row errors shown, with a confirmation form; confirming imports for real the very file that was
previewed, stashed in between (``staff_lms.sheets.stash_upload``).

An import screen is an ``UploadSheetView`` and a ``ConfirmSheetView`` on one page mixin of its
own, which gives:

- ``form_class``, a ``staff_lms.forms.SheetUploadForm`` that reads the import's sheet format;
- ``upload_salt``, the salt of the stash's tokens, one per import;
- ``run_import(dataset, dry_run)``, returning a ``staff_lms.sheets.ImportReport``;
- ``record_import(filename, report)``, writing the confirmed import in the audit trail
  (``people.audit.AuditedImportMixin``);
- ``success_message(report)`` and ``get_success_url()``, for after the confirmation, and
  ``after_import(report)`` for anything the import offers next (invitations to new accounts);
- the URL names ``import_url_name``, ``import_confirm_url_name`` and ``template_url_name`` (or
  the ``get_…_url`` methods), and ``upload_bound_to()`` when the import goes into one object;

and a template that extends ``staff_lms/admin/import_base.html``.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import FormView, View
from wagtail.admin import messages

from .forms import ConfirmImportForm
from .sheets import claim_upload, stash_upload


class SheetImportMixin:
    form_class = None
    upload_salt = None
    import_url_name = None
    import_confirm_url_name = None
    template_url_name = None

    def run_import(self, dataset, *, dry_run):
        raise NotImplementedError

    def record_import(self, filename, report):
        """Called in the transaction of a confirmed import: no import without its audit entry."""
        raise NotImplementedError

    def success_message(self, report):
        raise NotImplementedError

    def get_success_url(self):
        raise NotImplementedError

    def after_import(self, report):
        """Called once a confirmed import is committed, before ``get_success_url()``."""

    def upload_bound_to(self):
        """What the upload is imported into (a token is good there only), if anything."""
        return None

    def get_import_url(self):
        return reverse(self.import_url_name)

    def get_confirm_url(self):
        return reverse(self.import_confirm_url_name)

    def get_template_url(self):
        return reverse(self.template_url_name)

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", self.form_class())
        kwargs.setdefault("import_url", self.get_import_url())
        kwargs.setdefault("confirm_url", self.get_confirm_url())
        kwargs.setdefault("template_url", self.get_template_url())
        return super().get_context_data(**kwargs)


class UploadSheetView(SheetImportMixin, FormView):
    """Upload → dry run → the preview (or the row errors) and a confirmation form."""

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        report = self.run_import(form.dataset, dry_run=True)
        context = {"form": form, "report": report, "filename": upload.name}
        if report.ok:
            token = stash_upload(
                self.request.user, upload.name, form.data_bytes, salt=self.upload_salt, bound_to=self.upload_bound_to()
            )
            context["confirm_form"] = ConfirmImportForm(initial={"token": token})
        return self.render_to_response(self.get_context_data(**context))


class ConfirmSheetView(SheetImportMixin, View):
    """Import for real the very file that was previewed."""

    def post(self, request, *args, **kwargs):
        form = ConfirmImportForm(request.POST)
        upload = None
        if form.is_valid():
            upload = claim_upload(
                request.user, form.cleaned_data["token"], salt=self.upload_salt, bound_to=self.upload_bound_to()
            )
        if upload is None:
            messages.error(request, _("This preview has expired or was already imported. Upload the file again."))
            return redirect(self.get_import_url())
        filename, data = upload
        try:
            with transaction.atomic():  # no import without its audit trail entry
                report = self.run_import(self.form_class.read_sheet(filename, data), dry_run=False)
                if report.ok:
                    self.record_import(filename, report)
        except ValidationError as error:  # only if the rules changed since the preview
            messages.error(request, " ".join(error.messages))
            return redirect(self.get_import_url())
        if not report.ok:  # the records changed since the preview
            return self.render_to_response(self.get_context_data(report=report, filename=filename))
        messages.success(request, self.success_message(report))
        self.after_import(report)
        return redirect(self.get_success_url())
