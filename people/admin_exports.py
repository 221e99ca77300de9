"""Prepared downloads (people/exports.py): the list of the user's own background exports, and
the download of a ready file, for the user who asked only."""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView, View
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .exports import may_download, scope_of
from .models import PreparedExport


class PreparedExportsView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "people/admin/prepared_exports.html"
    page_title = _("Prepared downloads")
    header_icon = "download"

    def get_context_data(self, **kwargs):
        user = self.request.user
        exports = list(PreparedExport.objects.of(user))
        scope = scope_of(user) if exports else None
        return super().get_context_data(
            exports=exports,
            downloadable={export.pk for export in exports if may_download(user, export, scope)},
            pending=any(export.status == PreparedExport.Status.PENDING for export in exports),
            **kwargs,
        )


class PreparedExportDownloadView(View):
    def get(self, request, pk):
        export = get_object_or_404(PreparedExport, pk=pk, user=request.user)
        if not export.is_ready:
            raise Http404
        if not may_download(request.user, export):
            messages.error(
                request, _("Your permissions or scope changed since you asked for this file: export it again.")
            )
            return redirect("people_admin:prepared_exports")
        response = FileResponse(export.file.open("rb"), content_type=export.content_type)
        response["Content-Disposition"] = export.content_disposition
        response["Cache-Control"] = "no-store, private"
        return response
