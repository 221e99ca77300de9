"""The account pages the people app adds to Django's own (people/urls.py)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.shortcuts import resolve_url
from django.utils.translation import gettext as _

from . import conf
from .invitations import invitation_tokens


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
