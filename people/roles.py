"""The four roles of DOMAIN.md and what each may see.

- learner: every signed-in user (no group needed);
- trainer: member of the "Trainers" group (authors courses in the Wagtail admin);
- HR: member of the "HR" group, limited to the institutions of its ``HRScope``;
- provincial administrator: member of "Provincial administrators", or a superuser.
"""

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.db.models import Q
from wagtail.models import Collection, GroupCollectionPermission

TRAINERS = "Trainers"
HR = "HR"
PROVINCIAL_ADMINS = "Provincial administrators"

# In-person classes: each role records classes and their attendance, within its scope
# (classes.models.TrainingClass.objects.visible_to / managed_by).
CLASS_PERMISSIONS = [
    f"classes.{action}_{model}"
    for model in ("trainingclass", "attendance")
    for action in ("add", "change", "delete", "view")
]

# Courses assigned to staff with a due date (the assignments app): assign, follow, remove.
ASSIGNMENT_PERMISSIONS = [f"courses.{action}_enrolment" for action in ("add", "view", "delete")]

# Essays marked, quiz statistics read (the quizzes app's supervision screens).
SUPERVISION_PERMISSIONS = ["quizzes.change_response", "quizzes.view_attempt"]

# Model permissions per group, as "app_label.codename". Page permissions for trainers are
# granted on course indexes by the courses app.
GROUP_PERMISSIONS = {
    TRAINERS: [
        "wagtailadmin.access_admin",
        "certificates.view_certificate",  # of their own courses (Certificate.objects.visible_to)
        "reports.view_completion_records",  # of their own courses
        *SUPERVISION_PERMISSIONS,  # of their own courses' quizzes
        *CLASS_PERMISSIONS,
        *(
            f"quizzes.{action}_{model}"
            for model in ("category", "question", "quiz")
            for action in ("add", "change", "delete", "view")
        ),
    ],
    HR: [
        "wagtailadmin.access_admin",
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
        "people.view_auditentry",
        "certificates.view_certificate",
        "certificates.revoke_certificate",
        "certificates.change_certificatesettings",
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


def _group_names(user):
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_lms_group_names", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._lms_group_names = cached
    return cached


def is_provincial_admin(user):
    return user.is_authenticated and (user.is_superuser or PROVINCIAL_ADMINS in _group_names(user))


def is_hr(user):
    return HR in _group_names(user)


def is_trainer(user):
    return TRAINERS in _group_names(user)


def trainer_accounts():
    """The active accounts in the trainer role."""
    return get_user_model()._default_manager.filter(is_active=True, groups__name=TRAINERS)


def institutions_in_scope(user):
    """Institution ids an HR screen may show to ``user``: ``None`` means every one
    (provincial administrators), an empty set means none."""
    if is_provincial_admin(user):
        return None
    if not is_hr(user):
        return set()
    scope = getattr(user, "hr_scope", None)
    return scope.institution_ids() if scope is not None else set()


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
    role; provincial administrators: any but a superuser's; superusers and ``None`` (a command
    without ``--as``): any."""
    if actor is None:
        return True
    if user.is_superuser:
        return actor.is_superuser
    if is_provincial_admin(actor):
        return True
    return not has_role(user)


def _permissions(dotted_names):
    wanted = []
    for dotted in dotted_names:
        app_label, codename = dotted.split(".")
        permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
        if permission is not None:  # None: an app the host site does without
            wanted.append(permission)
    return wanted


def ensure_role_groups(**kwargs):
    """Create the role groups with their model and collection permissions (run after every
    migrate)."""
    # On a fresh database this runs before auth has created the permissions of people
    # itself and of the apps listed after it, so create the ones the groups need first.
    every = [*GROUP_PERMISSIONS.values(), *COLLECTION_PERMISSIONS.values()]
    for label in sorted({dotted.split(".")[0] for perms in every for dotted in perms}):
        try:
            app_config = apps.get_app_config(label)
        except LookupError:
            continue  # an app the host site does without: its permissions are skipped below
        create_permissions(app_config, verbosity=0)
    for name, perms in GROUP_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(*_permissions(perms))
    root = Collection.get_first_root_node()
    if root is None:  # a flushed test database: Wagtail's migrations made the root
        return
    for name, perms in COLLECTION_PERMISSIONS.items():
        group = Group.objects.get(name=name)
        wanted = _permissions(perms)
        for permission in wanted:
            GroupCollectionPermission.objects.get_or_create(group=group, collection=root, permission=permission)
        # Withdraw what the role no longer gets on the root (trainers once had "change").
        media = ("wagtailimages", "wagtaildocs")
        GroupCollectionPermission.objects.filter(
            group=group, collection=root, permission__content_type__app_label__in=media
        ).exclude(permission__in=wanted).delete()
