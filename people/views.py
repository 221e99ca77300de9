"""The account pages the people app adds to Django's own (people/urls.py)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render, resolve_url
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from staff_lms.downloads import content_disposition

from . import conf, personal_data
from .invitations import invitation_tokens
from .models import AuditEntry, StaffProfile


class InvitationView(auth_views.PasswordResetConfirmView):
    """The link of an invitation e-mail (people/invitations.py): choose a password (Django's
    SetPasswordForm, with the password validators) and be signed in; or, for a link that expired
    or was used, how to get a new one."""

    template_name = "people/invitation.html"
    token_generator = invitation_tokens
    post_reset_login = True
    post_reset_login_backend = "django.contrib.auth.backends.ModelBackend"

    def get_success_url(self):
        return resolve_url(settings.LOGIN_REDIRECT_URL)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            invited_user=self.user if self.validlink else None,
            days=conf.invitation_lifetime().days,
            **kwargs,
        )

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Your password is set and you are signed in. Welcome!"))
        return response


@login_required
def account(request):
    """The signed-in person's account page: what the LMS holds about them, how to have it
    corrected, their password, and the download of their data."""
    profile = StaffProfile.objects.filter(user=request.user).select_related("institution").first()
    return render(request, "people/account.html", {"profile": profile})


@login_required
@never_cache
def personal_data_download(request):
    """The signed-in person's own data (people/personal_data.py), as a JSON file; audited."""
    content = personal_data.download(request.user)
    AuditEntry.record_export(request.user, "personal data", "json")
    response = HttpResponse(content, content_type="application/json; charset=utf-8")
    name = _("Personal data %(user)s %(date)s") % {
        "user": request.user.get_username(),
        "date": f"{timezone.localdate():%Y%m%d}",
    }
    response["Content-Disposition"] = content_disposition(f"{name}.json")
    response["Cache-Control"] = "no-store, private"
    return response
