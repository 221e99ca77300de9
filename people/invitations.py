"""Invitations: an e-mail with a link to set a password, for the accounts a roster import creates
(they have none, and "Forgot your password?" is the only other way in).

Who invites whom: HR the staff of its scope, provincial administrators every one; an account
with a role is not HR's to invite, a superuser only a superuser's (``roles.may_manage_account``:
whoever receives the link sets the password). An account is invited while it is active, has an
e-mail address and has no password yet. Inviting again sends a new link; the earlier one keeps
working until it expires.

The link works for ``LMS_INVITATION_DAYS`` (``conf.invitation_lifetime``) and once: its hash
covers the password and the last login, as Django's password-reset link does, so it stops working
when the password is set or the account signs in. Its salt is its own, so an invitation link is
no password-reset link (whose lifetime is ``PASSWORD_RESET_TIMEOUT``) nor the other way round.

``invite`` sorts the accounts and queues the e-mails (``people.tasks.send_invitations``, once the
request's transaction commits); ``send`` e-mails them and records them in the audit trail.
"""

import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core import mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare
from django.utils.encoding import force_bytes
from django.utils.http import base36_to_int, urlsafe_base64_encode
from django.utils.translation import gettext_lazy as _

from staff_lms import sites

from . import conf
from .models import AuditEntry, display_name
from .roles import may_manage_account

NO_SIGN_IN_PAGES = _(
    "Invitations are off: this site keeps its own login, so there is no page to set a password from "
    "an invitation (add people.account_urls to the site's URLs to send them)."
)


def available():
    """Whether invitations can be sent: their link leads to the sign-in pages
    (``people.account_urls``), which a host site with its own login leaves out."""
    try:
        reverse("people_accounts:password_reset")
    except NoReverseMatch:
        return False
    return True


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "people.invitations.InvitationTokenGenerator"

    def check_token(self, user, token):
        """Django's check, with the invitation's lifetime instead of PASSWORD_RESET_TIMEOUT, and
        for active accounts only."""
        if not (user and token and user.is_active):
            return False
        try:
            timestamp = base36_to_int(token.split("-")[0])
        except ValueError:
            return False
        if self._num_seconds(self._now()) - timestamp > conf.invitation_lifetime().total_seconds():
            return False
        return any(
            constant_time_compare(self._make_token_with_timestamp(user, timestamp, secret), token)
            for secret in [self.secret, *self.secret_fallbacks]
        )


invitation_tokens = InvitationTokenGenerator()

logger = logging.getLogger(__name__)


# Who is invited ------------------------------------------------------------------------------------

# Why a selected account gets no invitation, as the confirmation page lists them.
ROLE = "role"
CLOSED = "closed"
NO_EMAIL = "no_email"
HAS_PASSWORD = "has_password"
SKIP_REASONS = {
    ROLE: _("they hold a role that is not yours to invite (trainer, administrator…)"),
    CLOSED: _("their account is closed"),
    NO_EMAIL: _("they have no e-mail address"),
    HAS_PASSWORD: _("they already have a password: they sign in, or use “Forgot your password?”"),
}


def awaits_password(user):
    """Whether an invitation can reach ``user`` and is of use: active, with an e-mail address, no
    password yet. Checked again when the e-mail is sent."""
    return why_not_invited(None, user) is None


def why_not_invited(actor, user):
    if not may_manage_account(actor, user):
        return ROLE
    if not user.is_active:
        return CLOSED
    if not user.email:
        return NO_EMAIL
    if user.has_usable_password():
        return HAS_PASSWORD
    return None


@dataclass
class Selection:
    invited: list = field(default_factory=list)  # the accounts
    skipped: dict = field(default_factory=dict)  # reason → the accounts

    def skipped_groups(self):
        """``[(label, accounts)]`` in the order of ``SKIP_REASONS``."""
        return [(SKIP_REASONS[reason], self.skipped[reason]) for reason in SKIP_REASONS if reason in self.skipped]


def sort_out(actor, users):
    selection = Selection()
    for user in users:
        reason = why_not_invited(actor, user)
        if reason is None:
            selection.invited.append(user)
        else:
            selection.skipped.setdefault(reason, []).append(user)
    return selection


def invite(actor, users, *, source="admin"):
    """Queue an invitation to each of ``users`` that ``actor`` may invite and that awaits a
    password (select ``groups`` with them); returns the ``Selection``. ``actor`` None: a command
    without ``--as``."""
    from .tasks import send_invitations

    selection = sort_out(actor, users)
    if selection.invited:
        actor_id = actor.pk if actor is not None else None
        user_ids = [user.pk for user in selection.invited]
        transaction.on_commit(lambda: send_invitations.enqueue(actor_id, user_ids, source))
    return selection


# The e-mail ---------------------------------------------------------------------------------------------


def invitation_path(user):
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return reverse("people_accounts:invitation", kwargs={"uidb64": uid, "token": invitation_tokens.make_token(user)})


def invitation_message(user, connection=None):
    """The invitation to ``user``, in the site's language (the person has not chosen one yet)."""
    base = conf.public_base_url()
    expires = timezone.localtime(timezone.now() + conf.invitation_lifetime())
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "name": display_name(user),
            "username": user.get_username(),
            "site_name": sites.site_name(),
            "url": base + invitation_path(user),
            "days": conf.invitation_lifetime().days,
            "expires": expires.strftime("%H:%M %d/%m/%Y"),
            "reset_url": base + reverse("people_accounts:password_reset"),
        }
        subject = " ".join(render_to_string("people/email/invitation_subject.txt", context).split())
        body = render_to_string("people/email/invitation.txt", context)
    return mail.EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email], connection=connection)


def send(actor, users, *, source="admin", progress=None):
    """E-mail an invitation to each of ``users`` (select ``staff_profile`` with them) that still
    awaits a password: one audit entry names the accounts e-mailed, and those the mail server
    refused. Returns ``(sent, failed)``, user names. ``progress(done, total)`` as it goes."""
    users = list(users)
    sent, failed = [], []
    with mail.get_connection() as connection:
        for done, user in enumerate(users, start=1):
            if awaits_password(user):  # not if a password was set, or the account closed, meanwhile
                try:
                    invitation_message(user, connection).send()
                except Exception:
                    logger.exception("Could not e-mail the invitation to %s", user.get_username())
                    failed.append(user.get_username())
                else:
                    sent.append(user.get_username())
            if progress is not None:
                progress(done, len(users))
    if sent or failed:
        details = {"to": sent, "failed": failed} if failed else {"to": sent}
        AuditEntry.record(actor, AuditEntry.Action.INVITATION, "invitations", details, rows=len(sent), source=source)
    return sent, failed
