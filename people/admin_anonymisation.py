"""Anonymising a departed person from the admin (people/personal_data.py): a confirmation page
that says what goes and what stays, asks a reason, and lists what blocks it, if anything. For
provincial administrators (``people.anonymise_staffprofile``)."""

from django import forms
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from staff_lms.permissions import PermissionRequiredMixin

from .admin_views import ANONYMISE_PERMISSION, STAFF_LISTING
from .models import StaffProfile
from .personal_data import anonymise_person, obstacles


class AnonymiseForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "Why this person's data is anonymised, e.g. “Retired in June 2026”: kept in the audit trail."
        ),
    )


class AnonymiseView(PermissionRequiredMixin, WagtailAdminTemplateMixin, FormView):
    permission_required = ANONYMISE_PERMISSION
    template_name = "people/admin/anonymise.html"
    form_class = AnonymiseForm
    page_title = gettext_lazy("Anonymise a departed person")
    header_icon = "user"

    @cached_property
    def profile(self):
        profiles = StaffProfile.objects.visible_to(self.request.user).select_related("user", "institution")
        return get_object_or_404(profiles, pk=self.kwargs["pk"])

    @cached_property
    def obstacles(self):
        return obstacles(self.request.user, self.profile)

    def get_page_subtitle(self):
        return self.profile.full_name

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(STAFF_LISTING), "label": _("Staff")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(profile=self.profile, obstacles=self.obstacles, **kwargs)

    def form_valid(self, form):
        if self.obstacles:
            return self.form_invalid(form)
        name = self.profile.full_name
        try:
            anonymise_person(self.request.user, self.profile, form.cleaned_data["reason"])
        except ValidationError as error:  # something changed since the page was shown
            for message in error.messages:
                messages.error(self.request, message)
            return self.form_invalid(form)
        messages.success(self.request, _("%(name)s has been anonymised.") % {"name": name})
        return redirect(STAFF_LISTING)
