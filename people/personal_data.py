"""A person's data across the apps (Decree 13/2023/NĐ-CP): what a learner downloads from their
account page (the right of access), and what anonymising a departed person clears (the right to
deletion, where no law requires keeping the record).

``people`` is the ground floor and imports no other app: each app registers its section from its
``AppConfig.ready()``, as quizzes registers its completion requirement in courses:

- ``export(user)``: the section's part of the download, JSON-ready (dates and decimals are
  written as ISO text), only what the person may see themselves;
- ``anonymise(user)``: clears what the app holds about the person beyond what the statistics and
  the official records need, and returns its steps for the audit trail (``{step: count}``; each
  step's name a key of ``audit_labels``, which the audit trail shows translated);
- ``obstacles(user)``: why the person cannot be anonymised yet (messages), e.g. courses they
  still train.

``anonymise_person`` runs the apps' steps in ``order``, then closes the account and clears the
staff profile, in one transaction, and writes one audit entry listing every step.
"""

import datetime
import json
from dataclasses import dataclass
from importlib import import_module

from django.conf import settings
from django.contrib.auth import SESSION_KEY, get_user_model
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from staff_lms import sites

from .models import AUDIT_LABELS, AuditEntry, StaffProfile, StaffProfileLogEntry


@dataclass(frozen=True)
class Section:
    key: str
    export: object = None
    anonymise: object = None
    obstacles: object = None
    order: int = 50


_sections = {}


def register(key, *, export=None, anonymise=None, obstacles=None, order=50, audit_labels=None):
    """Add (or replace) the section ``key``; ``audit_labels``: the translated names of the steps
    ``anonymise`` returns."""
    _sections[key] = Section(key, export, anonymise, obstacles, order)
    AUDIT_LABELS.update(audit_labels or {})


def sections():
    return sorted(_sections.values(), key=lambda section: (section.order, section.key))


# The download -------------------------------------------------------------------------------------


class Encoder(DjangoJSONEncoder):
    """ISO dates; times in the site's time zone."""

    def default(self, o):
        if isinstance(o, datetime.datetime) and timezone.is_aware(o):
            return timezone.localtime(o).isoformat()
        return super().default(o)


def collect(user):
    data = {"generated_at": timezone.now(), "site": sites.site_name()}
    for section in sections():
        if section.export is not None:
            data[section.key] = section.export(user)
    return data


def download(user):
    """The person's data as a UTF-8 JSON document (bytes)."""
    return json.dumps(collect(user), cls=Encoder, ensure_ascii=False, indent=2).encode("utf-8")


# Anonymisation ------------------------------------------------------------------------------------------


def obstacles(actor, profile):
    """Why ``actor`` may not anonymise the person of ``profile`` now (messages), none if they may."""
    user = profile.user
    if profile.anonymised_at is not None:
        return [_("This person was already anonymised.")]
    problems = []
    if user.is_superuser:
        problems.append(_("A superuser cannot be anonymised: a superuser first takes away the superuser status."))
    if actor is not None and user.pk == actor.pk:
        problems.append(_("You cannot anonymise your own account."))
    for section in sections():
        if section.obstacles is not None:
            problems.extend(section.obstacles(user))
    return problems


def neutral_username(user):
    User = get_user_model()
    base = candidate = f"an-danh-{user.pk}"
    suffix = 2
    while User._default_manager.filter(**{User.USERNAME_FIELD: candidate}).exclude(pk=user.pk).exists():
        candidate, suffix = f"{base}-{suffix}", suffix + 1
    return candidate


@transaction.atomic
def anonymise_person(actor, profile, reason, *, source="admin"):
    """Anonymise the person of ``profile`` (``actor`` None: a command); raises ValidationError with
    the obstacles if any. Returns the audit entry."""
    profile = StaffProfile.objects.select_for_update().select_related("user").get(pk=profile.pk)
    if problems := obstacles(actor, profile):
        raise ValidationError(problems)
    user = profile.user
    steps = {}
    for section in sections():
        if section.anonymise is not None:
            steps.update(section.anonymise(user) or {})
    steps.update(close_account(user))
    steps.update(clear_profile(profile))
    return AuditEntry.record(
        actor,
        AuditEntry.Action.ANONYMISED,
        user.get_username(),
        {"reason": reason, **steps},
        source=source,
    )


DATABASE_SESSION_ENGINES = ("django.contrib.sessions.backends.db", "django.contrib.sessions.backends.cached_db")


def close_account(user):
    """Inactive, no password (so every session is refused at its next request), a neutral user
    name, no names or e-mail, no role, no HR scope, no Wagtail preferences."""
    from wagtail.models import ModelLogEntry
    from wagtail.users.models import UserProfile

    from .models import HRScope

    User = get_user_model()
    setattr(user, User.USERNAME_FIELD, neutral_username(user))
    setattr(user, User.get_email_field_name(), "")
    for name in ("first_name", "last_name"):
        if hasattr(user, name):
            setattr(user, name, "")
    user.is_active = False
    user.is_staff = False
    user.set_unusable_password()
    user.save()  # the role audit records "active: no" under the neutral name
    groups = sorted(user.groups.values_list("name", flat=True))
    user.groups.clear()
    user.user_permissions.clear()
    HRScope.objects.filter(user=user).delete()
    for preferences in UserProfile.objects.filter(user=user):
        if preferences.avatar:
            preferences.avatar.delete(save=False)
        preferences.delete()
    # Wagtail's history of the account (created, edited in the admin) names it as it was.
    ModelLogEntry.objects.for_instance(user).update(label=user.get_username())
    sessions = end_sessions(user)
    return {
        "account closed": True,
        **({"groups removed": groups} if groups else {}),
        **({"sessions ended": sessions} if sessions else {}),
    }


def end_sessions(user):
    """Sign the person out everywhere at once when sessions are in the database; any other
    session is refused at its next request anyway (inactive account, new password hash)."""
    if settings.SESSION_ENGINE not in DATABASE_SESSION_ENGINES:
        return 0
    from django.contrib.sessions.models import Session

    store = import_module(settings.SESSION_ENGINE).SessionStore
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get(SESSION_KEY) == str(user.pk):
            store(session.session_key).delete()
            ended += 1
    return ended


def clear_profile(profile):
    """Keep the institution and the participant type, which the III.3 statistics count."""
    with translation.override(settings.LANGUAGE_CODE):
        profile.full_name = _("Anonymised person %(number)s") % {"number": profile.user_id}
    profile.position = ""
    profile.employee_code = ""
    profile.date_of_birth = None
    profile.anonymised_at = timezone.now()
    profile.save()
    # Its history keeps no name either (Wagtail stores the record's name with each entry).
    StaffProfileLogEntry.objects.filter(staff_profile=profile).update(label=profile.full_name)
    return {"staff profile cleared": True}


# The people app's own sections -------------------------------------------------------------------------


def export_account(user):
    scope = getattr(user, "hr_scope", None)
    return {
        "username": user.get_username(),
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "date_joined": user.date_joined,
        "last_login": user.last_login,
        "active": user.is_active,
        "has_password": user.has_usable_password(),
        "groups": sorted(user.groups.values_list("name", flat=True)),
        "hr_scope": None
        if scope is None
        else {
            "institutions": sorted(scope.institutions.values_list("name", flat=True)),
            "administrative_units": sorted(scope.administrative_units.values_list("name", flat=True)),
        },
    }


def export_staff_profile(user):
    profile = StaffProfile.objects.filter(user=user).select_related("institution").first()
    if profile is None:
        return None
    return {
        "full_name": profile.full_name,
        "institution": profile.institution.name if profile.institution else None,
        "institution_code": profile.institution.code if profile.institution else None,
        "position": profile.position,
        "participant_type": str(profile.get_participant_type_display()),
        "staff_category": str(profile.get_staff_category_display()),
        "date_of_birth": profile.date_of_birth,
        "employee_code": profile.employee_code,
    }


def register_people_sections():
    register("account", export=export_account, order=0)
    register("staff_profile", export=export_staff_profile, order=1)
