"""The sign-in views: login, logout, password change and reset, and the invitations' page.

An include a host site adds when it has no login of its own::

    path("accounts/", include("people.account_urls")),
    LOGIN_URL = "people_accounts:login"

A host with its own login leaves it out and keeps its LOGIN_URL: the LMS's pages send visitors
there, and the account page (people.urls) then offers no password change. Invitation e-mails
(people/invitations.py) link to the page here, so such a host sends none.
"""

from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from .forms import LoginForm, PasswordResetForm
from .views import InvitationView

app_name = "people_accounts"

urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(template_name="people/login.html", authentication_form=LoginForm),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password/",
        auth_views.PasswordChangeView.as_view(
            template_name="people/password_change.html",
            success_url=reverse_lazy("people_accounts:password_change_done"),
        ),
        name="password_change",
    ),
    path(
        "password/done/",
        auth_views.PasswordChangeDoneView.as_view(template_name="people/password_change_done.html"),
        name="password_change_done",
    ),
    path(
        "password-reset/",
        auth_views.PasswordResetView.as_view(
            template_name="people/password_reset.html",
            form_class=PasswordResetForm,
            email_template_name="people/email/password_reset.txt",
            subject_template_name="people/email/password_reset_subject.txt",
            success_url=reverse_lazy("people_accounts:password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="people/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="people/password_reset_confirm.html",
            success_url=reverse_lazy("people_accounts:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "reset/done/",
        auth_views.PasswordResetCompleteView.as_view(template_name="people/password_reset_complete.html"),
        name="password_reset_complete",
    ),
    path("invitation/<uidb64>/<token>/", InvitationView.as_view(), name="invitation"),
]
