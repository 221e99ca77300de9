"""The staff roster as a spreadsheet: import (with a dry run first), export, template sheet.

HR offices keep their rosters in Excel. The sheet is an XLSX workbook (its first worksheet) or
a CSV file (UTF-8, with or without BOM, or Windows-1258; comma, semicolon or tab separated).
Row 1 holds the column headers, in Vietnamese or English (see ``HEADER_ALIASES``); each
following row is one person. Columns the import does not know (“STT”, “Ghi chú”…)
are ignored and listed in the preview.

=================================  ==========================================================
column                             content
=================================  ==========================================================
Họ và tên (full_name)              required: the full name with diacritics
Email (email)                      required: the e-mail address, used to sign in and to reset
                                   the password
Mã nhân viên (employee_code)       optional: the employee code, unique in the province
Đơn vị (institution)               required: the institution's code or its exact name
Chức danh (position)               optional: the job title
Đối tượng (participant_type)       optional: staff (“Viên chức”, “Người lao động”) or
                                   community (“Cộng tác viên”, “Tình nguyện viên”); default staff
Phân loại (staff_category)         optional, staff only: “Viên chức quản lý”, “Viên chức” or
                                   “Người lao động”; when empty, taken from “Đối tượng” if it
                                   says one of these
Ngày sinh (date_of_birth)          optional: dd/mm/yyyy (or a date cell)
=================================  ==========================================================

A row updates the staff profile with its employee code, or else the account with its e-mail;
otherwise it creates an account (an unusable password: the person sets one with “Forgot your
password?”) and its profile. Empty optional cells keep what is on record, so importing the same
sheet twice changes nothing. Each invalid row is reported with its sheet row number and the
reasons, in the user's language, and nothing at all is written unless every row is valid.

HR imports only into the institutions of its scope (``people.roles.institutions_in_scope``)
and may not touch a profile outside it, adopt an account with a role (the staff form's rule,
``people.roles.accounts_placeable_by``) or change the e-mail of one
(``people.roles.may_manage_account``); the provincial administrator (and the shell command
without ``--as``) imports anywhere.

Reading the uploaded file (XLSX or CSV, its header row first) and neutralising formulas in
the export are ``staff_lms.sheets``, shared with the other apps' imports and exports.
"""

import datetime
import io
import re
import unicodedata
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, models, transaction
from django.db.models.functions import Lower
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.log_actions import log

from staff_lms.sheets import (
    ImportReport,
    RowError,
    SheetFormat,
    add_help_sheet,
    cell_text,
    neutralise,
    normalise,
    unneutralise,
)

from .models import Institution, StaffProfile, community_category_error, date_of_birth_error
from .roles import accounts_placeable_by, institutions_in_scope, may_manage_account

MAX_ROWS = 10000

# Importing a roster and inviting its people: for whoever adds and changes staff profiles (HR,
# within its scope, and provincial administrators).
MANAGE_ROSTER = ("people.add_staffprofile", "people.change_staffprofile")


# The roster format -------------------------------------------------------------------------------

COLUMNS = [
    "full_name",
    "email",
    "employee_code",
    "institution",
    "position",
    "participant_type",
    "staff_category",
    "date_of_birth",
]
# The profile's fields a row writes.
PROFILE_FIELDS = (
    "full_name",
    "employee_code",
    "institution",
    "position",
    "participant_type",
    "staff_category",
    "date_of_birth",
)
REQUIRED_COLUMNS = ["full_name", "email", "institution"]

# The headers of the template and of the export: the sheet format itself, so not translated.
SHEET_HEADERS = {
    "full_name": "Họ và tên",
    "email": "Email",
    "employee_code": "Mã nhân viên",
    "institution": "Đơn vị",
    "position": "Chức danh",
    "participant_type": "Đối tượng",
    "staff_category": "Phân loại",
    "date_of_birth": "Ngày sinh",
}

HEADER_ALIASES = {
    normalise(alias): column
    for column, aliases in {
        "full_name": ["full_name", "name", "họ và tên", "họ tên", "tên nhân viên"],
        "email": ["email", "e-mail", "e mail", "mail", "thư điện tử", "địa chỉ email", "địa chỉ e-mail"],
        "employee_code": ["employee_code", "code", "staff code", "mã nhân viên", "mã nv", "mã cán bộ", "mã số"],
        "institution": [
            "institution",
            "institution code",
            "unit",
            "đơn vị",
            "mã đơn vị",
            "đơn vị công tác",
            "cơ quan",
        ],
        "position": ["position", "job title", "title", "chức danh", "chức vụ", "vị trí"],
        "participant_type": ["participant_type", "type", "đối tượng", "loại đối tượng", "đối tượng tham gia"],
        "staff_category": ["staff_category", "category", "staff category", "phân loại", "nhóm", "loại viên chức"],
        "date_of_birth": ["date_of_birth", "birth date", "date of birth", "ngày sinh", "ngày tháng năm sinh"],
    }.items()
    for alias in aliases
}

ParticipantType = StaffProfile.ParticipantType
PARTICIPANT_ALIASES = {
    ParticipantType.STAFF: [
        "staff",
        "viên chức",
        "viên chức quản lý",
        "người lao động",
        "công chức",
        "cán bộ",
        "nhân viên",
        "official",
        "employee",
    ],
    ParticipantType.COMMUNITY: [
        "community",
        "cộng tác viên",
        "tình nguyện viên",
        "volunteer",
        "collaborator",
        "cộng đồng",
    ],
}


StaffCategory = StaffProfile.StaffCategory
CATEGORY_ALIASES = {
    StaffCategory.MANAGER: ["manager", "viên chức quản lý", "quản lý", "lãnh đạo", "lãnh đạo quản lý"],
    StaffCategory.OFFICIAL: ["official", "viên chức"],
    StaffCategory.EMPLOYEE: ["employee", "người lao động", "nhân viên", "hợp đồng"],
}


def category_aliases():
    """Accepted "Phân loại" values → StaffCategory."""
    return choice_aliases(StaffCategory, CATEGORY_ALIASES)


def parse_day(value):
    """A date cell (read as ISO text) or dd/mm/yyyy, d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy → a date;
    None when it is none of these."""
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})(?:T00:00:00)?", value) or re.fullmatch(
        r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", value
    )
    if match is None:
        return None
    first, second, third = (int(part) for part in match.groups())
    year, month, day = (first, second, third) if first > 31 else (third, second, first)
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def participant_aliases():
    """Accepted "Đối tượng" values → ParticipantType."""
    return choice_aliases(ParticipantType, PARTICIPANT_ALIASES)


def choice_aliases(choices, words):
    """The ``words`` accepted for each of ``choices`` (normalised) → its value, with the choice
    labels in every site language (so that a sheet exported in either language imports again)."""
    aliases = {normalise(alias): kind for kind, names in words.items() for alias in names}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            aliases.update({normalise(str(label)): kind for kind, label in choices.choices})
    return aliases


class RosterSheet(SheetFormat):
    """Known columns under their names in ``COLUMNS``, unknown ones under their own header (the
    import ignores them)."""

    aliases = HEADER_ALIASES
    max_rows = MAX_ROWS
    keep_unknown = True
    no_rows_message = gettext_lazy("The sheet has no staff below its header row.")

    def missing_columns(self, columns):
        return [
            _("The column “%(header)s” (%(column)s) is missing.") % {"header": SHEET_HEADERS[column], "column": column}
            for column in REQUIRED_COLUMNS
            if column not in columns
        ]

    def columns_message(self):
        return _("The columns are: %(columns)s.") % {"columns": ", ".join(SHEET_HEADERS.values())}


read_sheet = RosterSheet().read


# Planning an import ------------------------------------------------------------------------------


class RowStatus(models.TextChoices):
    NEW = "new", gettext_lazy("new")
    UPDATED = "updated", gettext_lazy("updated")
    UNCHANGED = "unchanged", gettext_lazy("unchanged")


@dataclass
class RosterRow:
    """One valid row, as it will be written."""

    number: int
    full_name: str
    email: str
    employee_code: str
    institution: Institution
    position: str
    participant_type: str
    staff_category: str = ""
    implied_category: str = ""  # what "Đối tượng" says, when "Phân loại" is empty
    date_of_birth: datetime.date | None = None
    status: str = RowStatus.NEW
    user: object = None  # the existing account, if any
    profile: StaffProfile | None = None  # the existing profile, if any
    username: str = ""  # of the existing or the new account
    changes: list = field(default_factory=list)  # labels of the fields that change
    account_created: bool = False  # set when the import has written the row's new account

    @property
    def status_label(self):
        return RowStatus(self.status).label

    @property
    def account_exists(self):
        return self.user is not None

    @property
    def participant_type_label(self):
        return ParticipantType(self.participant_type).label

    @property
    def email_changes(self):
        return self.user is not None and email_of(self.user).lower() != self.email.lower()


@dataclass
class RosterReport(ImportReport):
    """An ``ImportReport`` of roster rows (``RosterRow``), with the sheet's columns it ignored."""

    ignored_columns: list = field(default_factory=list)

    def status_count(self, status):
        return sum(1 for row in self.rows if row.status == status)

    @property
    def created(self):
        return self.status_count(RowStatus.NEW)

    @property
    def updated(self):
        return self.status_count(RowStatus.UPDATED)

    @property
    def unchanged(self):
        return self.status_count(RowStatus.UNCHANGED)

    @property
    def new_accounts(self):
        """The accounts the import created (they have no password yet)."""
        return [row.user for row in self.rows if row.account_created]


def email_of(user):
    return getattr(user, user.get_email_field_name()) or ""


def _key(text):
    """Institution names and codes compared as people type them: NFC, case and spaces ignored."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


class RosterPlan:
    """Reads every row, checks it, finds the account and profile it updates, and decides what
    would change, without writing anything. Its query count does not grow with the rows."""

    def __init__(self, dataset, actor=None):
        self.dataset = dataset
        self.actor = actor
        self.scope = None if actor is None else institutions_in_scope(actor)
        self.User = get_user_model()
        self.present = [column for column in COLUMNS if column in dataset.headers]
        self.ignored = [header for header in dataset.headers if header not in COLUMNS]

    def report(self, dry_run):
        rows, errors = [], []
        parsed = self.parse_rows()
        self.check_duplicates(parsed)
        self.match(parsed)
        for row, messages in parsed:
            if messages:
                errors.append(RowError(row.number, messages))
            else:
                rows.append(row)
        if not errors:
            self.name_new_accounts(rows)
        return RosterReport(dry_run=dry_run, rows=[] if errors else rows, errors=errors, ignored_columns=self.ignored)

    # Each row on its own ----------------------------------------------------------------------

    def parse_rows(self):
        self.institutions_by_code, self.institutions_by_name = {}, {}
        for institution in Institution.objects.only("pk", "code", "name"):
            self.institutions_by_code.setdefault(institution.code.lower(), []).append(institution)
            self.institutions_by_name.setdefault(_key(institution.name), []).append(institution)
        self.participant_aliases = participant_aliases()
        self.category_aliases = category_aliases()
        parsed = []
        for index, values in enumerate(self.dataset.dict):
            cells = {column: unneutralise(cell_text(values.get(column))) for column in self.present}
            if not any(cells.values()):
                continue  # a blank row; row numbers still count it
            parsed.append(self.parse(index + 2, cells))  # the sheet's row 1 holds the headers
        return parsed

    def parse(self, number, cells):
        messages = []
        max_length = {
            name: StaffProfile._meta.get_field(name).max_length
            for name in COLUMNS
            if name not in ("email", "date_of_birth")
        }
        full_name = " ".join(cells["full_name"].split())
        if not full_name:
            messages.append(_("The full name is missing."))
        elif len(full_name) > max_length["full_name"]:
            messages.append(_("The full name is longer than %(max)s characters.") % {"max": max_length["full_name"]})

        email = cells["email"]
        email_max = self.User._meta.get_field(self.User.get_email_field_name()).max_length
        if not email:
            messages.append(_("The e-mail address is missing."))
        elif len(email) > email_max:
            messages.append(_("The e-mail address is longer than %(max)s characters.") % {"max": email_max})
        else:
            try:
                validate_email(email)
            except ValidationError:
                messages.append(_("“%(email)s” is not a valid e-mail address.") % {"email": email})
            else:
                email = self.User.objects.normalize_email(email)

        code = cells.get("employee_code", "")
        if len(code) > max_length["employee_code"]:
            messages.append(
                _("The employee code is longer than %(max)s characters.") % {"max": max_length["employee_code"]}
            )

        institution = None
        name = cells["institution"]
        if not name:
            messages.append(_("The institution (Đơn vị) is missing."))
        else:
            found = self.institutions_by_code.get(name.lower()) or self.institutions_by_name.get(_key(name), [])
            if not found:
                messages.append(
                    _("Unknown institution “%(value)s”: write its code or its exact name.") % {"value": name}
                )
            elif len(found) > 1:
                messages.append(
                    _("Several institutions are named “%(value)s”: write the code instead.") % {"value": name}
                )
            elif self.scope is not None and found[0].pk not in self.scope:
                messages.append(
                    _("The institution “%(institution)s” is outside your scope.") % {"institution": found[0].name}
                )
            else:
                institution = found[0]

        position = " ".join(cells.get("position", "").split())
        if len(position) > max_length["position"]:
            messages.append(_("The position is longer than %(max)s characters.") % {"max": max_length["position"]})

        participant_type = ""
        if cells.get("participant_type"):
            participant_type = self.participant_aliases.get(normalise(cells["participant_type"]), "")
            if not participant_type:
                messages.append(
                    _(
                        "Unknown participant type “%(value)s”: write “Viên chức” or “Người lao động” for staff, "
                        "“Cộng tác viên” or “Tình nguyện viên” for community participants."
                    )
                    % {"value": cells["participant_type"]}
                )

        staff_category = ""
        if cells.get("staff_category"):
            staff_category = self.category_aliases.get(normalise(cells["staff_category"]), "")
            if not staff_category:
                messages.append(
                    _("Unknown staff category “%(value)s”: write “Viên chức quản lý”, “Viên chức” or “Người lao động”.")
                    % {"value": cells["staff_category"]}
                )
        # "Đối tượng: Người lao động" says the category too, unless the record already has one.
        implied_category = self.category_aliases.get(normalise(cells.get("participant_type", "")), "")
        if staff_category and participant_type == ParticipantType.COMMUNITY:
            messages.append(str(community_category_error()))

        date_of_birth = None
        if cells.get("date_of_birth"):
            date_of_birth = parse_day(cells["date_of_birth"])
            if date_of_birth is None:
                messages.append(
                    _("The date of birth “%(value)s” is not a date: write it as dd/mm/yyyy.")
                    % {"value": cells["date_of_birth"]}
                )
            elif message := date_of_birth_error(date_of_birth):
                messages.append(str(message))

        row = RosterRow(
            number=number,
            full_name=full_name,
            email=email,
            employee_code=code,
            institution=institution,
            position=position,
            participant_type=participant_type,
            staff_category=staff_category,
            implied_category=implied_category,
            date_of_birth=date_of_birth,
        )
        return row, messages

    # Rows against each other and against the database -------------------------------------------

    def check_duplicates(self, parsed):
        first_with_email, first_with_code = {}, {}
        for row, messages in parsed:
            if row.email:
                first = first_with_email.setdefault(row.email.lower(), row.number)
                if first != row.number:
                    messages.append(
                        _("The e-mail “%(email)s” is also in row %(row)s.") % {"email": row.email, "row": first}
                    )
            if row.employee_code:
                first = first_with_code.setdefault(row.employee_code, row.number)
                if first != row.number:
                    messages.append(
                        _("The employee code “%(code)s” is also in row %(row)s.")
                        % {"code": row.employee_code, "row": first}
                    )

    def match(self, parsed):
        """Find each row's profile (by employee code) or account (by e-mail) and what changes."""
        codes = {row.employee_code for row, _messages in parsed if row.employee_code}
        emails = {row.email.lower() for row, _messages in parsed if row.email}
        profiles_by_code = {
            profile.employee_code: profile
            for profile in StaffProfile.objects.filter(employee_code__in=codes)
            .select_related("user", "institution")
            .prefetch_related("user__groups")
        }
        users_by_email = {}
        for user in (
            self.User.objects.annotate(email_key=Lower(self.User.get_email_field_name()))
            .filter(email_key__in=emails)
            .select_related("staff_profile__institution")
            .prefetch_related("groups")
        ):
            users_by_email.setdefault(user.email_key, []).append(user)
        self.placeable = set(
            accounts_placeable_by(
                self.actor, self.User.objects.filter(pk__in=[u.pk for found in users_by_email.values() for u in found])
            ).values_list("pk", flat=True)
        )
        row_of_user = {}
        for row, messages in parsed:
            if messages:
                continue
            messages += self.find_record(row, profiles_by_code, users_by_email)
            if messages:
                continue
            if row.user is not None:
                first = row_of_user.setdefault(row.user.pk, row.number)
                if first != row.number:
                    messages.append(_("This row and row %(row)s are the same person.") % {"row": first})
                    continue
            messages += self.compare(row)

    def find_record(self, row, profiles_by_code, users_by_email):
        """Set ``row.user`` and ``row.profile``; returns the error messages."""
        users = users_by_email.get(row.email.lower(), [])
        profile = profiles_by_code.get(row.employee_code) if row.employee_code else None
        if profile is not None:
            if any(user.pk != profile.user_id for user in users):
                return [_("The e-mail “%(email)s” is already used by another account.") % {"email": row.email}]
            row.profile, row.user = profile, profile.user
        elif users:
            if len(users) > 1:
                return [_("Several accounts use the e-mail “%(email)s”.") % {"email": row.email}]
            user = users[0]
            profile = getattr(user, "staff_profile", None)
            if profile is not None and row.employee_code and profile.employee_code:
                return [
                    _("The e-mail “%(email)s” is already used by another account with a different employee code.")
                    % {"email": row.email}
                ]
            if profile is None and user.pk not in self.placeable:
                return [
                    _(
                        "The e-mail “%(email)s” belongs to an account with a role (trainer, administrator…): "
                        "only a provincial administrator can add it to a roster."
                    )
                    % {"email": row.email}
                ]
            row.profile, row.user = profile, user
        if row.profile is not None and self.scope is not None and row.profile.institution_id not in self.scope:
            return [_("This person is on the roster of an institution outside your scope.")]
        if row.email_changes and not may_manage_account(self.actor, row.user):
            return [
                _(
                    "The e-mail of this account cannot be changed by an import: it has an administrative role. "
                    "Ask a provincial administrator."
                )
            ]
        return []

    def compare(self, row):
        """Fill in what the row leaves empty from the record, and list what changes."""
        profile = row.profile
        if row.user is not None:
            row.username = row.user.get_username()
        if profile is None:
            row.participant_type = row.participant_type or ParticipantType.STAFF
            if row.participant_type == ParticipantType.STAFF:
                row.staff_category = row.staff_category or row.implied_category
            row.status = RowStatus.NEW
            return []
        row.employee_code = row.employee_code or profile.employee_code
        row.position = row.position or profile.position
        row.participant_type = row.participant_type or profile.participant_type
        if row.participant_type == ParticipantType.STAFF:
            row.staff_category = row.staff_category or profile.staff_category or row.implied_category
        row.date_of_birth = row.date_of_birth or profile.date_of_birth
        field_label = StaffProfile._meta.get_field
        for name in PROFILE_FIELDS:
            if getattr(row, name) != getattr(profile, name):
                row.changes.append(str(field_label(name).verbose_name))
        if row.email_changes:
            row.changes.append(_("e-mail"))
        row.status = RowStatus.UPDATED if row.changes else RowStatus.UNCHANGED
        return []

    def name_new_accounts(self, rows):
        """User names for the new accounts, from the e-mail's local part, made unique with
        "-2", "-3"… in row order: the same sheet on the same database gets the same names."""
        new = [row for row in rows if row.user is None]
        if not new:
            return
        field = self.User.USERNAME_FIELD
        max_length = self.User._meta.get_field(field).max_length
        bases = {row.number: username_base(row.email, max_length - 6) for row in new}
        taken = set(self.User.objects.filter(**{f"{field}__in": set(bases.values())}).values_list(field, flat=True))
        for base in {base for base in bases.values() if base in taken}:
            taken |= set(self.User.objects.filter(**{f"{field}__startswith": f"{base}-"}).values_list(field, flat=True))
        for row in new:
            base = candidate = bases[row.number]
            suffix = 2
            while candidate in taken:
                candidate, suffix = f"{base}-{suffix}", suffix + 1
            taken.add(candidate)
            row.username = candidate


def username_base(email, max_length):
    """“Nguyễn.Lan@…” → “nguyen.lan”: ASCII letters, digits and . _ - only."""
    local = email.split("@", 1)[0].replace("đ", "d").replace("Đ", "D")
    ascii_text = unicodedata.normalize("NFKD", local).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9._-]+", "", ascii_text).strip("._-")[:max_length] or "user"


# Running an import -------------------------------------------------------------------------------


def import_staff(dataset, *, actor=None, dry_run, progress=None):
    """Import (or with ``dry_run`` only check) the roster in ``dataset`` as ``actor`` (None:
    no scope limit); all or nothing, in one transaction. ``progress(done, total)`` is called
    as rows are written."""
    try:
        with transaction.atomic():
            report = RosterPlan(dataset, actor).report(dry_run)
            if report.ok and not dry_run:
                write_rows(report.rows, actor, progress)
    except IntegrityError:  # someone else created the same account or code meanwhile
        message = _("The staff records changed while importing, so nothing was imported. Check the sheet again.")
        return RosterReport(dry_run=dry_run, errors=[RowError(0, [message])])
    return report


def write_rows(rows, actor, progress=None):
    User = get_user_model()
    changing = [row for row in rows if row.status != RowStatus.UNCHANGED]
    for done, row in enumerate(changing, start=1):
        user = row.user
        if user is None:
            user = User(**{User.USERNAME_FIELD: row.username, User.get_email_field_name(): row.email})
            user.set_unusable_password()  # the person chooses one through an invitation or the password reset
            user.save()
            row.user, row.account_created = user, True
        elif row.email_changes:
            setattr(user, User.get_email_field_name(), row.email)
            user.save(update_fields=[User.get_email_field_name()])
        profile = row.profile or StaffProfile(user=user)
        for name in PROFILE_FIELDS:
            setattr(profile, name, getattr(row, name))
        created = profile.pk is None
        profile.save()
        log(profile, "wagtail.create" if created else "wagtail.edit", user=actor)
        if progress is not None:
            progress(done, len(changing))


# The template sheet --------------------------------------------------------------------------------


def template_help():
    """What each column holds, for the import page and the template's help sheet:
    ``(header, column, required, text)``."""
    return [
        (SHEET_HEADERS["full_name"], "full_name", True, _("The full name, with diacritics.")),
        (
            SHEET_HEADERS["email"],
            "email",
            True,
            _("The e-mail address: the person signs in with it and sets a password through “Forgot your password?”."),
        ),
        (
            SHEET_HEADERS["employee_code"],
            "employee_code",
            False,
            _(
                "The employee code, unique in the province. A row updates the person with this code, "
                "or else the account with this e-mail."
            ),
        ),
        (
            SHEET_HEADERS["institution"],
            "institution",
            True,
            _("The institution's code or its exact name (see the “institutions” sheet)."),
        ),
        (SHEET_HEADERS["position"], "position", False, _("The job title, e.g. “Thủ thư”.")),
        (
            SHEET_HEADERS["participant_type"],
            "participant_type",
            False,
            _(
                "Staff: “Viên chức”, “Người lao động” (or staff). Community participants: “Cộng tác viên”, "
                "“Tình nguyện viên” (or community). Empty: staff."
            ),
        ),
        (
            SHEET_HEADERS["staff_category"],
            "staff_category",
            False,
            _(
                "Staff only: “Viên chức quản lý”, “Viên chức” or “Người lao động”; the III.3 report counts each. "
                "Empty: taken from “Đối tượng” when it says one of these."
            ),
        ),
        (
            SHEET_HEADERS["date_of_birth"],
            "date_of_birth",
            False,
            _("Optional, as dd/mm/yyyy; printed on certificates."),
        ),
    ]


def template_notes():
    return [
        _("Headers may be in Vietnamese or English (full_name, email, employee_code, …); other columns are ignored."),
        _("Empty optional cells keep what is on record, so importing the same sheet twice changes nothing."),
        _("Nothing is imported unless every row is valid."),
    ]


def roster_template_xlsx(institutions):
    """An XLSX template: the headers and one example row, a help sheet, and the
    ``institutions`` the user may import into (code, name)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    institutions = list(institutions)
    example = {
        "full_name": "Nguyễn Thị Lan",
        "email": "lan.nguyen@example.vn",
        "employee_code": "NV0001",
        "institution": institutions[0].code if institutions else "tv-tinh",
        "position": "Thủ thư",
        "participant_type": "Viên chức",
        "staff_category": "Viên chức",
        "date_of_birth": "15/03/1988",
    }
    bold = Font(bold=True)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("staff")
    sheet.append([SHEET_HEADERS[column] for column in COLUMNS])
    sheet.append([example[column] for column in COLUMNS])
    widths = {"full_name": 28, "email": 30, "employee_code": 16, "institution": 24, "position": 24}
    for index, column in enumerate(COLUMNS, 1):
        sheet.cell(row=1, column=index).font = bold
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = widths.get(column, 18)
    # Employee codes such as "0012" must stay text.
    code_column = COLUMNS.index("employee_code") + 1
    for row in sheet.iter_rows(min_row=2, max_row=2000, min_col=code_column, max_col=code_column):
        row[0].number_format = "@"
    sheet.freeze_panes = "A2"

    headers = [_("Column"), _("Also accepted"), _("Required"), _("Content")]
    columns = [
        [header, column, _("yes") if required else _("no"), str(text)]
        for header, column, required, text in template_help()
    ]
    notes = [["", "", "", str(note)] for note in template_notes()]
    add_help_sheet(workbook, headers, [*columns, [], *notes], (16, 18, 10, 90))

    institution_sheet = workbook.create_sheet(_("institutions"))
    institution_sheet.append([_("Code"), _("Name")])
    for cell in institution_sheet[1]:
        cell.font = bold
    for institution in institutions:
        institution_sheet.append([neutralise(institution.code), neutralise(institution.name)])
    institution_sheet.column_dimensions["A"].width = 24
    institution_sheet.column_dimensions["B"].width = 60

    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()


# The export ----------------------------------------------------------------------------------------

# The import's columns with the same headers (an exported roster imports again), then details.
EXPORT_COLUMNS = [*COLUMNS, "institution_name", "institution_type", "administrative_unit", "username"]


def export_heading(column):
    if column in SHEET_HEADERS:
        return SHEET_HEADERS[column]
    return {
        "institution_name": _("Institution name"),
        "institution_type": _("Institution type"),
        "administrative_unit": _("Administrative unit"),
        "username": _("User name"),
    }[column]


def export_row(profile):
    """One roster row of ``profile`` (select its user, institution, type and unit with it)."""
    institution = profile.institution
    return {
        "full_name": profile.full_name,
        "email": profile.user.email,
        "employee_code": profile.employee_code,
        "institution": institution.code if institution else "",
        "position": profile.position,
        "participant_type": profile.get_participant_type_display(),
        "staff_category": profile.get_staff_category_display(),
        "date_of_birth": f"{profile.date_of_birth:%d/%m/%Y}" if profile.date_of_birth else "",
        "institution_name": institution.name if institution else "",
        "institution_type": str(institution.institution_type) if institution else "",
        "administrative_unit": institution.administrative_unit.name if institution else "",
        "username": profile.user.get_username(),
    }
