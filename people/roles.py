"""The four roles of DOMAIN.md, as groups of permissions.

- learner: every signed-in user (no group needed);
- trainer: may be picked as a course's trainer (``courses.train_course``), writes quizzes;
- HR: the staff and records of the institutions of its ``HRScope``;
- provincial administrator: every institution, course and record (``people.oversee_province``).

Screens, menus and querysets ask permissions, never groups. ``GROUP_PERMISSIONS`` is the one place
that says what each role's group holds, and ``ensure_role_groups`` (after every migrate) creates
the groups and grants it. A role's group is found by its role (``RoleGroup``), so an administrator
may rename it, and may grant any of these permissions to a group of their own in Wagtail's group
editor. A role is keyed by the name its group is first created with.
"""

from django.apps import apps
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from wagtail.models import Collection, GroupCollectionPermission

from .models import OVERSEE_PROVINCE, WORK_IN_HR_SCOPE, RoleGroup

TRAINERS = "Trainers"
HR = "HR"
PROVINCIAL_ADMINS = "Provincial administrators"

# The names a new role group takes, in the site's language (an administrator may rename it: the
# role stays with the group, ``RoleGroup``).
GROUP_NAMES = {
    TRAINERS: pgettext_lazy("role group", "Trainers"),
    HR: pgettext_lazy("role group", "HR officers"),
    PROVINCIAL_ADMINS: pgettext_lazy("role group", "Provincial administrators"),
}

ROLE_LABELS = {
    TRAINERS: _("Trainer"),
    HR: _("HR officer"),
    PROVINCIAL_ADMINS: _("Provincial administrator"),
}

# In-person classes: each role records classes and their attendance, within its scope
# (classes.models.TrainingClass.objects.visible_to / managed_by).
CLASS_PERMISSIONS = [
    f"classes.{action}_{model}"
    for model in ("trainingclass", "attendance")
    for action in ("add", "change", "delete", "view")
]

# Courses assigned to staff with a due date (the assignments app): assign, follow, remove.
ASSIGNMENT_PERMISSIONS = [f"courses.{action}_enrolment" for action in ("add", "view", "delete")]

# Essays marked, quiz statistics and SCORM results read (the supervision screens of the quizzes
# and scorm apps).
SUPERVISION_PERMISSIONS = ["quizzes.change_response", "quizzes.view_attempt", "scorm.view_scormrecord"]

# Model permissions per group, as "app_label.codename". Page permissions for trainers are
# granted on course indexes by the courses app.
GROUP_PERMISSIONS = {
    TRAINERS: [
        "wagtailadmin.access_admin",
        "courses.train_course",  # may be picked as a course's trainer (courses.trainers)
        "certificates.view_certificate",  # of their own courses (Certificate.objects.visible_to)
        "reports.view_completion_records",  # of their own courses
        *SUPERVISION_PERMISSIONS,  # of their own courses' quizzes and SCORM lessons
        *CLASS_PERMISSIONS,
        *(
            f"quizzes.{action}_{model}"
            for model in ("category", "question", "quiz")
            for action in ("add", "change", "delete", "view")
        ),
    ],
    HR: [
        "wagtailadmin.access_admin",
        WORK_IN_HR_SCOPE,  # the institutions of the officer's HRScope
        "certificates.view_certificate",
        "people.view_institution",
        "people.view_administrativeunit",
        "people.add_staffprofile",
        "people.change_staffprofile",
        "people.view_staffprofile",
        "reports.view_completion_records",
        "reports.view_training_report",
        *ASSIGNMENT_PERMISSIONS,
        *CLASS_PERMISSIONS,
    ],
    PROVINCIAL_ADMINS: [
        "wagtailadmin.access_admin",
        OVERSEE_PROVINCE,  # every institution, course and record
        "people.view_auditentry",
        "certificates.view_certificate",
        "certificates.revoke_certificate",
        "certificates.change_certificatesettings",
        "people.change_issuingbody",
        "reports.change_reportsettings",
        "auth.add_user",
        "auth.change_user",
        "auth.view_user",
        # Who trains which course (courses.trainers).
        "courses.add_coursetrainer",
        "courses.delete_coursetrainer",
        "courses.view_coursetrainer",
        "people.anonymise_staffprofile",  # a departed person (people.personal_data)
        "reports.view_completion_records",
        "reports.view_training_report",
        *ASSIGNMENT_PERMISSIONS,
        *SUPERVISION_PERMISSIONS,
        *CLASS_PERMISSIONS,
        *(
            f"people.{action}_{model}"
            for model in ("administrativeunit", "institution", "staffprofile", "hrscope")
            for action in ("add", "change", "delete", "view")
        ),
        *(
            f"quizzes.{action}_{model}"
            for model in ("category", "question", "quiz")
            for action in ("add", "change", "delete", "view")
        ),
    ],
}


# Images and documents: Wagtail checks these per collection, not as model permissions, so they
# are granted on the root collection (and so on every collection under it). Trainers add and
# choose; Wagtail lets them edit and delete only what they uploaded themselves, never the
# certificate's logo and signature. Provincial administrators manage every file.
COLLECTION_PERMISSIONS = {
    TRAINERS: [f"wagtailimages.{a}_image" for a in ("add", "choose")]
    + [f"wagtaildocs.{a}_document" for a in ("add", "choose")],
    PROVINCIAL_ADMINS: [f"wagtailimages.{a}_image" for a in ("add", "change", "choose")]
    + [f"wagtaildocs.{a}_document" for a in ("add", "change", "choose")],
}


def institutions_in_scope(user):
    """Institution ids whose staff and records ``user`` may see: ``None`` means every one
    (``OVERSEE_PROVINCE``), else those of its ``HRScope`` if it holds ``WORK_IN_HR_SCOPE`` (an
    empty set otherwise: a scope left over from an earlier role opens nothing). Every
    ``visible_to(user)`` asks here. Worked out once per user object: a screen asks several times,
    and for HR each answer costs a few queries."""
    if not user.is_authenticated:
        return set()
    if not hasattr(user, "_lms_institutions_in_scope"):
        if user.has_perm(OVERSEE_PROVINCE):
            scope = None
        elif user.has_perm(WORK_IN_HR_SCOPE):
            hr_scope = getattr(user, "hr_scope", None)
            scope = hr_scope.institution_ids() if hr_scope is not None else set()
        else:
            scope = set()
        user._lms_institutions_in_scope = scope
    return user._lms_institutions_in_scope


# Accounts with a role ----------------------------------------------------------------------------


def without_role():
    """Accounts that hold no role: no superuser or staff status, in no group."""
    return Q(is_superuser=False, is_staff=False, groups__isnull=True)


def has_role(user):
    return user.is_superuser or user.is_staff or bool(user.groups.all())


def accounts_placeable_by(actor, accounts):
    """The ``accounts`` that ``actor`` may put on a roster (link a staff profile to), in the staff
    form and in a roster import alike: every one for provincial administrators (and for ``None``,
    a command without ``--as``); for HR, the accounts already on the roster of its scope, and
    newcomers: no staff profile and no role. An account with a role is the administrators' to
    place: on HR's roster, HR would edit it and send it invitations."""
    scope = None if actor is None else institutions_in_scope(actor)
    if scope is None:
        return accounts
    newcomers = Q(staff_profile__isnull=True) & without_role()
    return accounts.filter(newcomers | Q(staff_profile__institution__in=scope)).distinct()


def may_manage_account(actor, user):
    """Whether ``actor`` may act on how ``user`` signs in (change its e-mail, send it an invitation
    to set a password): whoever controls the address can set the password. HR: accounts without a
    role; whoever manages accounts (``auth.change_user``: provincial administrators): any but a
    superuser's; superusers and ``None`` (a command without ``--as``): any."""
    if actor is None:
        return True
    if user.is_superuser:
        return actor.is_superuser
    if actor.has_perm("auth.change_user"):
        return True
    return not has_role(user)


def _permissions(dotted_names):
    """The permissions named "app_label.codename", by name; those of an app the host site does
    without are left out."""
    found = {}
    for dotted in dotted_names:
        app_label, codename = dotted.split(".")
        permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
        if permission is not None:
            found[dotted] = permission
    return found


def role_group(role):
    """The group that holds ``role``'s permissions, whatever it is called now; created the first
    time (``ensure_role_groups``)."""
    return _role_group(role)[0].group


def role_group_name(role):
    """The name a new group of ``role`` takes: the role's in the site's language."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(GROUP_NAMES[role])


def _role_group(role):
    """``(RoleGroup, created)``. A new group is named after the role, unless a group of that name
    is there already: it is not ours (ours would be in ``RoleGroup``), but the host site's, whose
    members must not gain our permissions, so ours is "<role> (LMS)" instead."""
    found = RoleGroup.objects.select_related("group").filter(role=role).first()
    if found is not None:
        return found, False
    wanted = role_group_name(role)
    name, attempt = wanted, 1
    while Group.objects.filter(name=name).exists():
        name = f"{wanted} (LMS)" if attempt == 1 else f"{wanted} (LMS {attempt})"
        attempt += 1
    return RoleGroup.objects.create(role=role, group=Group.objects.create(name=name)), True


def ensure_role_groups(verbosity=1, **kwargs):
    """Create the role groups with their model and collection permissions (run after every
    migrate). Says so when a role's group could not take the role's name.

    Each model permission is granted to a role's group once (``RoleGroup.granted``): one that an
    administrator withdraws in the group editor stays withdrawn, one a new version adds to
    ``GROUP_PERMISSIONS`` is granted at the next migrate."""
    # On a fresh database this runs before auth has created the permissions of people
    # itself and of the apps listed after it, so create the ones the groups need first.
    every = [*GROUP_PERMISSIONS.values(), *COLLECTION_PERMISSIONS.values()]
    for label in sorted({dotted.split(".")[0] for perms in every for dotted in perms}):
        try:
            app_config = apps.get_app_config(label)
        except LookupError:
            continue  # an app the host site does without: its permissions are skipped below
        create_permissions(app_config, verbosity=0)
    for role, perms in GROUP_PERMISSIONS.items():
        row, created = _role_group(role)
        group = row.group
        if created and group.name != role_group_name(role) and verbosity:
            print(
                gettext(
                    "The group “%(name)s” is the site's own: the %(role)s role's permissions are in "
                    "the new group “%(group)s”."
                )
                % {"name": role_group_name(role), "role": ROLE_LABELS[role], "group": group.name}
            )
        new = _permissions(dotted for dotted in perms if dotted not in row.granted)
        if new:
            group.permissions.add(*new.values())
            row.granted = sorted({*row.granted, *new})
            row.save(update_fields=["granted"])
    root = Collection.get_first_root_node()
    if root is None:  # a flushed test database: Wagtail's migrations made the root
        return
    for role, perms in COLLECTION_PERMISSIONS.items():
        group = role_group(role)
        wanted = list(_permissions(perms).values())
        for permission in wanted:
            GroupCollectionPermission.objects.get_or_create(group=group, collection=root, permission=permission)
        # Withdraw what the role no longer gets on the root (trainers once had "change").
        media = ("wagtailimages", "wagtaildocs")
        GroupCollectionPermission.objects.filter(
            group=group, collection=root, permission__content_type__app_label__in=media
        ).exclude(permission__in=wanted).delete()
