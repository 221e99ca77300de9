"""The permission matrix's rule table (tests/test_permission_matrix.py): for every URL pattern of
the project, what each role gets.

A rule is an exact pattern key ("namespace:name", or the route of an unnamed pattern) with the
requests (``Probe``) to make as every role, or, for Wagtail's and Django's own families only, a
glob (``family``) with the outcome of each of its patterns that takes no argument, requested as
``FAMILY_ROLES`` (the others are not requested). Every view of our apps has an exact rule with
requests. A new view without a rule fails the test: add one here.

Roles (``ROLES``): ``anonymous``; ``learner`` (unit A: owns the enrolment, attempts,
certificate and class attendance the rules ask about); ``other_learner`` (unit B); ``trainer``
(trains course A and class A); ``other_trainer`` (course B and class B); ``hr_other`` (HR of
unit B); ``hr`` (HR of unit A); ``admin`` (Provincial administrators); ``superuser``.

Outcomes:

- ``OK``: 200; ``FILE``: 200 with an attachment;
- ``SEES`` / ``SCOPED``: 200, showing / not showing the probe's ``marker``, a piece of unit A's
  learner's data (their name, certificate number, class title...);
- ``LOGIN``: a redirect to a login page (the site's, Wagtail's or Django's admin's): anonymous
  visitors, and signed-in users without access to that admin;
- ``DENIED``: 403, or Wagtail's "Sorry, you do not have permission" redirect to the dashboard;
- ``REDIRECT``: any other redirect; ``NOT_FOUND``: 404, how a record outside the user's scope
  is refused; ``NOT_ALLOWED``: 405, the wrong HTTP method;
- ``either(...)``: any of these, where two refusals are as good as each other.

A POST probe names the database ``state`` it watches and the roles that may change it
(``may_write``); for every other role the state must be the same after the request.

``KNOWN_DEFECTS`` lists what the code does today against the rule, each with why and the fix
(the test reports them as expected failures, and fails once one is fixed, so that its line
here is removed).
"""

import dataclasses
import json
from collections.abc import Callable
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from certificates.models import Certificate
from classes.models import Attendance, TrainingClass
from courses.models import CourseTrainer, Enrolment, LessonCompletion
from people.models import StaffProfile
from quizzes.models import Attempt, Question, Quiz, Response
from scorm.models import ScormRecord
from scorm.player import content_token

ROLES = ("anonymous", "learner", "other_learner", "trainer", "other_trainer", "hr_other", "hr", "admin", "superuser")
SIGNED_IN = ROLES[1:]
ADMIN_USERS = ("trainer", "other_trainer", "hr_other", "hr", "admin", "superuser")  # wagtailadmin.access_admin
# Wagtail's and Django's own screens know nothing of units: one role of each kind is enough.
FAMILY_ROLES = ("anonymous", "learner", "trainer", "hr", "admin", "superuser")

OK = "OK"
FILE = "FILE"
SEES = "SEES"
SCOPED = "SCOPED"
LOGIN = "LOGIN"
DENIED = "DENIED"
REDIRECT = "REDIRECT"
NOT_FOUND = "NOT_FOUND"
NOT_ALLOWED = "NOT_ALLOWED"


class Either(tuple):
    """Any of these outcomes (where two refusals are as good as each other)."""

    def __str__(self):
        return "|".join(self)


def either(*outcomes):
    return Either(outcomes)


def matches(expected, got):
    return got in expected if isinstance(expected, Either) else got == expected


# Who gets what ------------------------------------------------------------------------------------


def everyone(outcome):
    return dict.fromkeys(ROLES, outcome)


def site(signed_in, **given):
    """A page of the site: anonymous visitors are sent to log in; every signed-in role gets
    ``signed_in`` unless ``given`` otherwise."""
    return {"anonymous": LOGIN, **dict.fromkeys(SIGNED_IN, signed_in), **given}


def admin(default=DENIED, **given):
    """A Wagtail admin screen: anonymous visitors and learners (no admin access) are sent to
    the admin's login; the admin roles get ``default`` unless ``given`` otherwise; the
    superuser gets what the provincial administrator gets unless given."""
    expect = {role: LOGIN for role in ROLES if role not in ADMIN_USERS}
    expect.update(dict.fromkeys(ADMIN_USERS, default), **given)
    if "superuser" not in given:
        expect["superuser"] = expect["admin"]
    return expect


def trainers(outcome, other=None):
    return {"trainer": outcome, "other_trainer": outcome if other is None else other}


def hr_officers(outcome, other=None):
    return {"hr": outcome, "hr_other": outcome if other is None else other}


def for_family(expect):
    return {role: expect[role] for role in FAMILY_ROLES}


# Rules ----------------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Probe:
    """One request, made as every role of ``expect``. ``kwargs`` (for reverse), ``url`` (the
    whole URL, instead), ``data``, ``marker`` and ``state`` are functions of the test's world."""

    expect: dict
    kwargs: Callable | None = None
    query: str = ""
    method: str = "GET"
    data: Callable | None = None
    marker: Callable | None = None
    state: Callable | None = None
    may_write: tuple = ()
    url: Callable | None = None
    name: str | None = None

    def build_url(self, world):
        if self.url is not None:
            return self.url(world)
        kwargs = self.kwargs(world) if self.kwargs else {}
        return reverse(self.name, kwargs=kwargs) + (f"?{self.query}" if self.query else "")


@dataclasses.dataclass(frozen=True)
class Rule:
    pattern: str
    probes: tuple = ()
    family: dict | None = None  # globs: what each pattern without arguments answers
    why_not_requested: str = ""

    @property
    def is_glob(self):
        return any(char in self.pattern for char in "*?[")


def rule(pattern, *probes):
    return Rule(pattern, tuple(dataclasses.replace(p, name=p.name or pattern) for p in probes))


def family(pattern, expect):
    return Rule(pattern, family=for_family(expect))


def not_requested(pattern, why):
    return Rule(pattern, why_not_requested=why)


def get(expect, **fields):
    return Probe(expect, **fields)


def post(expect, **fields):
    return Probe(expect, method="POST", **fields)


def snippet(model, action):
    return f"wagtailsnippets_{model}:{action}"


def chooser(model, action):
    return f"wagtailsnippetchoosers_{model}:{action}"


def with_ids(name, attribute):
    """``name``'s URL with ``?id=`` the world object's pk (a chooser's or a screen's selection)."""
    return lambda w: f"{reverse(name)}?id={getattr(w, attribute).pk}"


def bulk_action(app_label, model_name, action, attribute):
    """The URL of a Wagtail bulk action on the world object."""
    return lambda w: (
        reverse("wagtail_bulk_action", args=[app_label, model_name, action]) + f"?id={getattr(w, attribute).pk}"
    )


@dataclasses.dataclass(frozen=True)
class Defect:
    """What ``roles`` get today from ``pattern`` (``method``) against its rule, and why."""

    pattern: str
    roles: tuple
    got: str
    why: str
    method: str = "GET"


# The world's objects, by probe ------------------------------------------------------------------


def pk(attribute):
    return lambda w: {"pk": getattr(w, attribute).pk}


def still_there(model, attribute):
    """Whether the world's ``attribute`` (an image, a document, an account) still exists."""
    return lambda w: model().objects.filter(pk=getattr(w, attribute).pk).exists()


def a_name(w):
    return w.profile_a.full_name


def a_certificate(w):
    return w.cert_a.number


def a_class(w):
    return w.class_a.title


def course_a_trainers(w):
    return sorted(CourseTrainer.objects.filter(course=w.course_a).values_list("user", flat=True))


def a_quiz(w):
    return w.quiz_a.title


def a_scorm_lesson(w):
    return w.scorm_lesson.title


def a_question(w):
    return w.essay.content


def a_category(w):
    return w.category.name


def a_scope(w):
    return str(w.hr_scope_a)


def an_audit_entry(w):
    return w.audit_entry.kind


def an_invitee(w):
    return w.profile_invitee.full_name


def certificate_state(w):
    certificate = Certificate.objects.filter(pk=w.cert_a.pk).values_list("status", "delivered_at").get()
    return certificate, Certificate.objects.count()


def class_a_state(w):
    return list(TrainingClass.objects.filter(pk=w.class_a.pk).values_list("title", "place"))


def attendance_state(w):
    return sorted(Attendance.objects.filter(training_class=w.class_a).values_list("pk", "completed", "score"))


def profile_a_state(w):
    return list(StaffProfile.objects.filter(pk=w.profile_a.pk).values_list("full_name", "institution"))


def enrolment_state(course):
    return lambda w: sorted(Enrolment.objects.filter(course=getattr(w, course)).values_list("user", "due_date"))


def due_date_a(w):
    return Enrolment.objects.filter(pk=w.enrolment_a.pk).values_list("due_date", flat=True).get()


def essay_mark(w):
    return Response.objects.filter(pk=w.essay_response.pk).values_list("points", "feedback").get()


def open_attempt_state(w):
    attempt = Attempt.objects.get(pk=w.open_attempt.pk)
    return attempt.submitted_at, sorted(attempt.responses.values_list("question", "selected_ids"))


def scorm_token(w):
    return content_token(w.scorm_lesson.package, w.learner)


def answer_data(w):
    question = w.open_attempt.questions()[0]
    return {
        "question": str(question.pk),
        "choice": [w.open_attempt.choice_token(question.pk, question.answers.first().pk)],
    }


def profile_form(w, user, institution):
    return {
        "user": user.pk,
        "full_name": "Hồ Sơ Đổi",
        "institution": institution.pk,
        "position": "",
        "participant_type": "staff",
        "employee_code": "",
    }


def class_form(w):
    held = w.class_a
    return {
        "title": "Lớp đổi tên",
        "course": "",
        "training_type": held.training_type,
        "starts_on": held.starts_on.isoformat(),
        "ends_on": held.ends_on.isoformat(),
        "hours": "8",
        "place": "Nơi khác",
        "organiser": w.library_a.pk,
        "trainer": held.trainer_id,
        "trainer_name": "",
        "notes": "",
    }


def attendance_form(w):
    return {
        "action": "save",
        "attendance-TOTAL_FORMS": "1",
        "attendance-INITIAL_FORMS": "1",
        "attendance-MIN_NUM_FORMS": "0",
        "attendance-MAX_NUM_FORMS": "1000",
        "attendance-0-id": str(w.class_a.attendances.get().pk),
        "attendance-0-completed": "on",
        "attendance-0-score": "90",
    }


def reason(w):
    return {"reason": "Sai họ tên trên giấy chứng nhận"}


def assignment_form(w):
    return {
        "course": w.course_b.pk,
        "due_date": (timezone.localdate() + timedelta(days=60)).isoformat(),
        "staff": [w.profile_a.pk],
        "position_match": "contains",
        "confirm": "1",
    }


def forged_token(w):
    return {"token": "forged"}


# Expectations shared by several screens --------------------------------------------------------

ADMINS = ("admin", "superuser")
STAFF_LIST = admin(DENIED, **hr_officers(SEES, other=SCOPED), admin=SEES)
STAFF_RECORD = admin(DENIED, **hr_officers(SEES, other=NOT_FOUND), admin=SEES)
# Wagtail's choosers check no permission: a scoped chooser lists nothing to those outside its
# scope, and "chosen" finds nothing for them.
STAFF_CHOOSER = admin(SCOPED, hr=SEES, admin=SEES)
STAFF_CHOSEN = admin(NOT_FOUND, hr=OK, admin=OK)
QUIZ_AUTHORS = admin(DENIED, **trainers(OK), admin=OK)
QUIZ_CHOOSER = admin(SCOPED, **trainers(SEES), admin=SEES)
QUIZ_CHOSEN = admin(NOT_FOUND, **trainers(OK), admin=OK)
QUIZ_CHOOSER_SCOPED = admin(SCOPED, trainer=SEES, admin=SEES)
CERTIFICATE_LIST = admin(DENIED, **trainers(SEES, other=SCOPED), **hr_officers(SEES, other=SCOPED), admin=SEES)
CERTIFICATE_CHOOSER = admin(SCOPED, trainer=SEES, hr=SEES, admin=SEES)
CERTIFICATE_RECORD = admin(DENIED, **trainers(OK, other=NOT_FOUND), **hr_officers(OK, other=NOT_FOUND), admin=OK)
CERTIFICATE_CHOSEN = admin(NOT_FOUND, trainer=OK, hr=OK, admin=OK)
# In-person classes: every admin role records classes; a class is seen by its trainer, the HR of
# its organiser or of its attendees, and administrators.
CLASS_LIST = admin(SCOPED, trainer=SEES, hr=SEES, admin=SEES)
CLASS_RECORD = admin(NOT_FOUND, trainer=OK, hr=OK, admin=OK)
CLASS_RECORD_POST = admin(NOT_FOUND, trainer=REDIRECT, hr=REDIRECT, admin=REDIRECT)
CLASS_WRITERS = ("trainer", "hr", *ADMINS)
ADMIN_ONLY = admin(DENIED, admin=OK)
ADMIN_ONLY_CHOOSER = admin(SCOPED, admin=SEES)
ADMIN_ONLY_CHOSEN = admin(NOT_FOUND, admin=OK)
# Pages: trainers hold page permissions on the course catalogues; HR and provincial administrators none.
PAGE_EDITORS = admin(DENIED, **trainers(OK), superuser=OK)
COURSE_A_EDITORS = admin(DENIED, trainer=OK, superuser=OK)
SUPERUSER_ONLY = admin(DENIED, superuser=OK)
UPLOADERS = admin(DENIED, **trainers(OK), admin=OK)
DJANGO_ADMIN = {**everyone(LOGIN), "superuser": OK}  # staff status: the superuser alone

OBJECT_ACTIONS = ("edit", "delete", "usage", "history", "history_results", "copy")


def model_rules(model, attribute, expect, marker, chooser_expect, chosen_expect):
    """The screens of a snippet that model permissions alone decide (no scope)."""
    return [
        *(rule(snippet(model, action), get(expect)) for action in ("list", "list_results", "add")),
        *(rule(snippet(model, action), get(expect, kwargs=pk(attribute))) for action in OBJECT_ACTIONS),
        rule(chooser(model, "choose"), get(chooser_expect, marker=marker)),
        rule(chooser(model, "choose_results"), get(chooser_expect, marker=marker)),
        rule(chooser(model, "chosen"), get(chosen_expect, kwargs=pk(attribute))),
        rule(
            chooser(model, "chosen_multiple"),
            get(chooser_expect, url=with_ids(chooser(model, "chosen_multiple"), attribute), marker=marker),
        ),
        rule(chooser(model, "create"), get(expect)),
    ]


def quiz_rules():
    """Quizzes: trainers and administrators hold the model permissions, and a trainer reaches
    only the quizzes of the courses they train (``Quiz.objects.managed_by``): quiz A is
    trainer A's; trainer B finds nothing."""
    listing = admin(DENIED, trainer=SEES, other_trainer=SCOPED, admin=SEES)
    refused = either(DENIED, NOT_FOUND)  # HR holds no quiz permission: refused before or at the lookup
    one = admin(refused, trainer=OK, other_trainer=NOT_FOUND, admin=OK)
    model = "quizzes_quiz"
    return [
        *(rule(snippet(model, action), get(listing, marker=a_quiz)) for action in ("list", "list_results")),
        rule(snippet(model, "add"), get(QUIZ_AUTHORS)),
        *(rule(snippet(model, action), get(one, kwargs=pk("quiz_a"))) for action in OBJECT_ACTIONS),
        rule(chooser(model, "choose"), get(QUIZ_CHOOSER_SCOPED, marker=a_quiz)),
        rule(chooser(model, "choose_results"), get(QUIZ_CHOOSER_SCOPED, marker=a_quiz)),
        rule(chooser(model, "chosen"), get(one, kwargs=pk("quiz_a"))),
        rule(
            chooser(model, "chosen_multiple"),
            get(QUIZ_CHOOSER_SCOPED, url=with_ids(chooser(model, "chosen_multiple"), "quiz_a"), marker=a_quiz),
        ),
        rule(chooser(model, "create"), get(QUIZ_AUTHORS)),
    ]


def unit_rules(model, attribute):
    """Institutions and administrative units: HR may list them, administrators manage them;
    any admin user may choose one (the organisation is no secret)."""
    readers = admin(DENIED, **hr_officers(OK), admin=OK)
    return [
        rule(snippet(model, "list"), get(readers)),
        rule(snippet(model, "list_results"), get(readers)),
        rule(snippet(model, "add"), get(ADMIN_ONLY)),
        *(rule(snippet(model, action), get(ADMIN_ONLY, kwargs=pk(attribute))) for action in OBJECT_ACTIONS),
        rule(chooser(model, "choose"), get(admin(OK))),
        rule(chooser(model, "choose_results"), get(admin(OK))),
        rule(chooser(model, "chosen"), get(admin(OK), kwargs=pk(attribute))),
        rule(chooser(model, "chosen_multiple"), get(admin(OK))),
        rule(chooser(model, "create"), get(ADMIN_ONLY)),
    ]


def certificate_action_rule(action, data):
    """Revoke, re-issue, retry delivery: provincial administrators only."""
    return rule(
        snippet("certificates_certificate", action),
        get(ADMIN_ONLY, kwargs=pk("cert_a")),
        post(admin(DENIED, admin=REDIRECT), kwargs=pk("cert_a"), data=data, state=certificate_state, may_write=ADMINS),
    )


def staff_rule(action, marker=a_name):
    """Usage, history, copy: Wagtail refuses trainers (no permission) before or after looking the
    profile up among those they may see (none)."""
    expect = {**STAFF_RECORD, **trainers(either(DENIED, NOT_FOUND))}
    if marker is None:
        expect.update(hr=OK, admin=OK, superuser=OK)
    return rule(snippet("people_staffprofile", action), get(expect, kwargs=pk("profile_a"), marker=marker))


def class_rule(action, *probes):
    return rule(snippet("classes_trainingclass", action), get(CLASS_RECORD, kwargs=pk("class_a")), *probes)


def media_rules(app, id_kwarg, model, administrators_file, trainers_file):
    """Edit and delete of an image or a document: ``administrators_file`` was uploaded by the
    provincial administrator, ``trainers_file`` by trainer A (course A's)."""

    def of(attribute):
        return lambda w: {id_kwarg: getattr(w, attribute).pk}

    managers = admin(DENIED, admin=OK)  # and the superuser
    uploader = admin(DENIED, trainer=OK, admin=OK)
    return [
        rule(f"{app}:edit", get(managers, kwargs=of(administrators_file)), get(uploader, kwargs=of(trainers_file))),
        rule(
            f"{app}:delete",
            get(managers, kwargs=of(administrators_file)),
            post(
                admin(DENIED, admin=REDIRECT),
                kwargs=of(administrators_file),
                state=still_there(model, administrators_file),
                may_write=ADMINS,
            ),
            get(uploader, kwargs=of(trainers_file)),
        ),
    ]


# The table ------------------------------------------------------------------------------------------

RULES = [
    # The site ------------------------------------------------------------------------------------
    rule("healthz", get(everyone(OK))),
    rule("set_language", get(everyone(REDIRECT))),
    # Studying offline (staff_lms/offline.py): the service worker, the app manifest and the
    # offline page are the same for everyone; the state names the signed-in account by its key.
    rule("offline:service_worker", get(everyone(OK))),
    rule("offline:manifest", get(everyone(OK))),
    rule("offline:page", get(everyone(OK))),
    rule("offline:state", get(everyone(OK))),
    rule(
        "wagtail_serve",
        get(everyone(OK), url=lambda w: "/"),
        get(everyone(OK), url=lambda w: w.course_a.url),
        # Lessons are for enrolled learners; whoever may edit the course (its trainers, the
        # superuser) and provincial administrators preview them; another trainer does not.
        get(site(REDIRECT, learner=OK, trainer=OK, admin=OK, superuser=OK), url=lambda w: w.lessons_a[0].url),
        get(everyone(NOT_FOUND), url=lambda w: w.draft_lesson.url),
    ),
    rule("wagtailcore_login", get(everyone(OK))),
    rule(
        "wagtaildocs_serve",
        # A lesson's handout is for those who may read the lesson (courses/lesson_documents.py)
        # and for those who may change the document (its uploader, administrators).
        get(
            site(DENIED, learner=OK, trainer=OK, admin=OK, superuser=OK),
            url=lambda w: w.lesson_document.url,
        ),
        # A document no page offers: for those who may change it (trainer A uploaded it).
        get(site(DENIED, trainer=OK, admin=OK, superuser=OK), url=lambda w: w.trainer_document.url),
        # A document a public page offers is public.
        get(everyone(OK), url=lambda w: w.public_document.url),
    ),
    not_requested("wagtailcore_authenticate_with_password", "Wagtail's page privacy; no page of ours is private"),
    rule("courses:dashboard", get(site(OK))),
    rule(
        "courses:enrol",
        get(everyone(NOT_ALLOWED), kwargs=lambda w: {"course_id": w.course_a.pk}),
        post(
            site(REDIRECT),
            kwargs=lambda w: {"course_id": w.course_a.pk},
            state=enrolment_state("course_a"),
            may_write=SIGNED_IN,
        ),
        # Course B is closed to self-enrolment: nobody enrols in it this way.
        post(site(REDIRECT), kwargs=lambda w: {"course_id": w.course_b.pk}, state=enrolment_state("course_b")),
    ),
    # For those who may read the lessons (not another course's trainer), and for HR and administrators.
    rule(
        "courses:handbook",
        get(site(FILE, other_learner=DENIED, other_trainer=DENIED), kwargs=lambda w: {"course_id": w.course_a.pk}),
    ),
    # The answer key: the course's trainers and the administrators only, never its learners nor HR.
    rule(
        "courses:trainer_handbook",
        get(
            site(DENIED, trainer=FILE, admin=FILE, superuser=FILE),
            kwargs=lambda w: {"course_id": w.course_a.pk},
        ),
    ),
    rule(
        "courses:lesson_done",
        get(everyone(NOT_ALLOWED), kwargs=lambda w: {"lesson_id": w.lessons_a[1].pk}),
        post(
            site(REDIRECT),
            kwargs=lambda w: {"lesson_id": w.lessons_a[1].pk},
            state=lambda w: LessonCompletion.objects.filter(lesson=w.lessons_a[1]).count(),
            may_write=("learner",),
        ),
    ),
    rule("quizzes:quiz", get(site(OK), kwargs=lambda w: {"quiz_id": w.quiz_a.pk})),
    rule(
        "quizzes:start",
        get(everyone(NOT_ALLOWED), kwargs=lambda w: {"quiz_id": w.quiz_a.pk}),
        # Enrolled learners take the quiz; those who preview the course may try it.
        post(
            site(REDIRECT),
            kwargs=lambda w: {"quiz_id": w.quiz_a.pk},
            state=lambda w: Attempt.objects.filter(quiz=w.quiz_a).count(),
            may_write=("learner", "trainer", "other_trainer", "admin", "superuser"),
        ),
    ),
    # A learner's attempts are theirs alone.
    rule(
        "quizzes:attempt",
        get(site(NOT_FOUND, learner=OK), kwargs=lambda w: {"attempt_id": w.submitted_attempt.pk}),
    ),
    rule(
        "quizzes:question",
        get(site(NOT_FOUND, learner=OK), kwargs=lambda w: {"attempt_id": w.open_attempt.pk, "number": 1}),
        post(
            site(NOT_FOUND, learner=REDIRECT),
            kwargs=lambda w: {"attempt_id": w.open_attempt.pk, "number": 1},
            data=lambda w: {**answer_data(w), "action": "next"},
            state=open_attempt_state,
            may_write=("learner",),
        ),
    ),
    rule(
        "quizzes:save_answer",
        get(everyone(NOT_ALLOWED), kwargs=lambda w: {"attempt_id": w.open_attempt.pk}),
        post(
            site(NOT_FOUND, learner=OK),
            kwargs=lambda w: {"attempt_id": w.open_attempt.pk},
            data=answer_data,
            state=open_attempt_state,
            may_write=("learner",),
        ),
    ),
    rule(
        "quizzes:submit",
        get(site(NOT_FOUND, learner=OK), kwargs=lambda w: {"attempt_id": w.open_attempt.pk}),
        post(
            site(NOT_FOUND, learner=REDIRECT),
            kwargs=lambda w: {"attempt_id": w.open_attempt.pk},
            state=open_attempt_state,
            may_write=("learner",),
        ),
    ),
    rule("quizzes:progress", get(site(SCOPED, learner=SEES), marker=a_quiz)),
    # A SCORM commit is the signed-in learner's own, in a course they are enrolled in; nobody
    # else (trainers preview without saving) writes it. The player's fetch gets a 403 with a
    # message, anonymous too, not the login page.
    rule(
        "scorm:commit",
        get(everyone(NOT_ALLOWED), kwargs=lambda w: {"lesson_id": w.scorm_lesson.pk}),
        post(
            site(DENIED, learner=OK, anonymous=DENIED),
            kwargs=lambda w: {"lesson_id": w.scorm_lesson.pk},
            data=lambda w: json.dumps(
                {
                    "launch": 1,
                    "seq": 1,
                    "package": w.scorm_lesson.package_id,
                    "cmi": {"core": {"lesson_status": "completed"}},
                }
            ),
            state=lambda w: ScormRecord.objects.get(pk=w.scorm_record.pk).saved_seq,
            may_write=("learner",),
        ),
    ),
    # A package's files: the signed token in the address is the permission (the sandboxed frame
    # sends no cookie), whoever asks; a forged one opens nothing.
    rule(
        "scorm:content",
        get(everyone(OK), url=lambda w: reverse("scorm:content", args=[scorm_token(w), "index.html"])),
        get(everyone(DENIED), url=lambda w: reverse("scorm:content", args=[scorm_token(w)[:-3] + "xyz", "index.html"])),
    ),
    rule("certificates:verify_form", get(everyone(OK))),
    # Public by design: the name, course, dates and status of the certificate whose code is given.
    rule("certificates:verify", get(everyone(OK), kwargs=lambda w: {"code": w.cert_a.code})),
    rule(
        "certificates:download",
        get(site(NOT_FOUND, learner=FILE, trainer=FILE, hr=FILE, admin=FILE, superuser=FILE), kwargs=pk("cert_a")),
    ),
    # The signed credential (JSON) goes to those who get the PDF, which carries it too.
    rule(
        "certificates:credential",
        get(site(NOT_FOUND, learner=FILE, trainer=FILE, hr=FILE, admin=FILE, superuser=FILE), kwargs=pk("cert_a")),
    ),
    # Public by design, for verifiers without our server: the offline verifier and its service
    # worker, the issuing body's public keys, the revocation status list (bits, no names).
    rule("certificates:offline_verifier", get(everyone(OK))),
    rule("certificates:verifier_worker", get(everyone(OK))),
    rule("certificates:public_keys", get(everyone(OK))),
    rule("certificates:status_list", get(everyone(OK))),
    # Each signed-in user's own certificates: only unit A's learner holds cert_a.
    rule("certificates:mine", get(site(SCOPED, learner=SEES), marker=a_certificate)),
    # Accounts (Django's views, our templates)
    rule("people_accounts:login", get(everyone(OK))),
    rule("people:account", get(site(OK))),
    # Each signed-in user downloads their own data: only unit A's learner's file holds their name.
    rule("people:personal_data", get(site(SCOPED, learner=SEES), marker=a_name)),
    rule("people_accounts:logout", get(everyone(NOT_ALLOWED))),
    rule("people_accounts:password_change", get(site(OK))),
    rule("people_accounts:password_change_done", get(site(OK))),
    rule("people_accounts:password_reset", get(everyone(OK))),
    rule("people_accounts:password_reset_done", get(everyone(OK))),
    rule(
        "people_accounts:password_reset_confirm", get(everyone(OK), kwargs=lambda w: {"uidb64": "MQ", "token": "x-y"})
    ),
    rule("people_accounts:password_reset_complete", get(everyone(OK))),
    # An invitation's link: a bad or expired one explains how to get a new one, to anyone.
    rule("people_accounts:invitation", get(everyone(OK), kwargs=lambda w: {"uidb64": "MQ", "token": "x-y"})),
    # Our admin screens ----------------------------------------------------------------------------
    # People: staff import (HR into its scope, administrators)
    rule("people_admin:import_staff", get(admin(DENIED, **hr_officers(OK), admin=OK))),
    rule(
        "people_admin:import_staff_confirm",
        get(admin(DENIED, **hr_officers(NOT_ALLOWED), admin=NOT_ALLOWED)),
        post(
            admin(DENIED, **hr_officers(REDIRECT), admin=REDIRECT),
            data=forged_token,
            state=lambda w: StaffProfile.objects.count(),
        ),
    ),
    rule("people_admin:import_staff_template", get(admin(DENIED, **hr_officers(FILE), admin=FILE))),
    # The invitations offered after an import: the importer's own new accounts (in the session);
    # without any, back to the Staff listing.
    rule(
        "people_admin:invite_imported",
        get(admin(DENIED, **hr_officers(REDIRECT), admin=REDIRECT)),
        post(admin(DENIED, **hr_officers(REDIRECT), admin=REDIRECT)),
    ),
    # Anonymising a departed person: provincial administrators (people.anonymise_staffprofile);
    # HR, of unit A or B, may not.
    rule(
        "people_admin:anonymise",
        get(admin(DENIED, admin=SEES), kwargs=pk("profile_a"), marker=a_name),
        post(
            admin(DENIED, admin=REDIRECT),
            kwargs=pk("profile_a"),
            data=lambda w: {"reason": "Đã nghỉ hưu"},
            state=profile_a_state,
            may_write=ADMINS,
        ),
    ),
    # Prepared downloads (people/exports.py): every admin user lists their own; the file is its
    # owner's alone (HR of unit A), 404 for everyone else.
    rule(
        "people_admin:prepared_exports",
        get(admin(SCOPED, hr=SEES), marker=lambda w: "Kết quả đào tạo Alpha"),
    ),
    rule(
        "people_admin:prepared_export_download",
        get(admin(NOT_FOUND, hr=FILE), kwargs=pk("prepared_export")),
    ),
    # Assignments and the training matrix (HR in its scope, administrators)
    rule(
        "assignments:list",
        get(admin(DENIED, **hr_officers(SEES, other=SCOPED), admin=SEES), marker=a_name),
    ),
    rule(
        "assignments:list_results",
        get(admin(DENIED, **hr_officers(SEES, other=SCOPED), admin=SEES), marker=a_name),
    ),
    rule(
        "assignments:assign",
        get(admin(DENIED, **hr_officers(OK), admin=OK)),
        # HR of unit B cannot pick unit A's learner: the form comes back, nothing is assigned.
        post(
            admin(DENIED, hr_other=OK, hr=REDIRECT, admin=REDIRECT),
            data=assignment_form,
            state=enrolment_state("course_b"),
            may_write=("hr", *ADMINS),
        ),
    ),
    rule(
        "assignments:remove",
        get(
            admin(DENIED, hr_other=REDIRECT, hr=SEES, admin=SEES),
            url=with_ids("assignments:remove", "enrolment_a"),
            marker=a_name,
        ),
        post(
            admin(DENIED, **hr_officers(REDIRECT), admin=REDIRECT),
            data=lambda w: {"id": [w.enrolment_a.pk]},
            state=due_date_a,
            may_write=("hr", *ADMINS),
        ),
    ),
    rule(
        "assignments:matrix",
        get(admin(DENIED, **hr_officers(SEES, other=SCOPED), admin=SEES), marker=a_name),
    ),
    rule(
        "assignments:matrix_export",
        get(admin(DENIED, **hr_officers(SEES, other=SCOPED), admin=SEES), query="format=csv", marker=a_name),
    ),
    # Quizzes: import (question authors), marking and statistics (the course's trainer, administrators)
    rule("quizzes_admin:import", get(QUIZ_AUTHORS)),
    rule(
        "quizzes_admin:import_confirm",
        get(admin(DENIED, **trainers(NOT_ALLOWED), admin=NOT_ALLOWED)),
        post(
            admin(DENIED, **trainers(REDIRECT), admin=REDIRECT),
            data=forged_token,
            state=lambda w: Question.objects.count(),
        ),
    ),
    rule("quizzes_admin:import_template", get(admin(DENIED, **trainers(FILE), admin=FILE))),
    rule("quizzes_admin:marking", get(admin(DENIED, **trainers(SEES, other=SCOPED), admin=SEES), marker=a_name)),
    rule(
        "quizzes_admin:marking_results",
        get(admin(DENIED, **trainers(SEES, other=SCOPED), admin=SEES), marker=a_name),
    ),
    rule(
        "quizzes_admin:mark",
        get(
            admin(DENIED, **trainers(SEES, other=NOT_FOUND), admin=SEES),
            kwargs=lambda w: {"response_id": w.essay_response.pk},
            marker=a_name,
        ),
        post(
            admin(DENIED, **trainers(REDIRECT, other=NOT_FOUND), admin=REDIRECT),
            kwargs=lambda w: {"response_id": w.essay_response.pk},
            data=lambda w: {"points": "1", "feedback": "Tốt"},
            state=essay_mark,
            may_write=("trainer", *ADMINS),
        ),
    ),
    rule(
        "quizzes_admin:statistics_index",
        get(admin(DENIED, **trainers(SEES, other=SCOPED), admin=SEES), marker=a_quiz),
    ),
    rule(
        "quizzes_admin:statistics",
        get(admin(DENIED, **trainers(OK, other=NOT_FOUND), admin=OK), kwargs=lambda w: {"quiz_id": w.quiz_a.pk}),
    ),
    # SCORM results (the course's trainer, administrators)
    rule(
        "scorm_admin:results_index",
        get(admin(DENIED, **trainers(SEES, other=SCOPED), admin=SEES), marker=a_scorm_lesson),
    ),
    rule(
        "scorm_admin:results",
        get(
            admin(DENIED, **trainers(SEES, other=NOT_FOUND), admin=SEES),
            kwargs=lambda w: {"lesson_id": w.scorm_lesson.pk},
            marker=a_name,
        ),
        get(
            admin(DENIED, **trainers(FILE, other=NOT_FOUND), admin=FILE),
            kwargs=lambda w: {"lesson_id": w.scorm_lesson.pk},
            query="export=xlsx",
        ),
    ),
    # Training reports: completion records (trainers, HR, administrators), the III.3 report (HR, administrators)
    rule(
        "completion_records:index",
        get(admin(SCOPED, trainer=SEES, hr=SEES, admin=SEES), marker=a_name),
    ),
    rule(
        "completion_records:index_results",
        get(admin(SCOPED, trainer=SEES, hr=SEES, admin=SEES), marker=a_name),
    ),
    rule(
        "completion_records:export",
        get(admin(SCOPED, trainer=SEES, hr=SEES, admin=SEES), kwargs=lambda w: {"file_format": "csv"}, marker=a_name),
    ),
    rule("training_report:index", get(admin(DENIED, **hr_officers(OK), admin=OK))),
    rule(
        "training_report:download",
        get(admin(DENIED, **hr_officers(FILE), admin=FILE), kwargs=lambda w: {"file_format": "xlsx"}),
        get(admin(DENIED, **hr_officers(FILE), admin=FILE), kwargs=lambda w: {"file_format": "docx"}),
    ),
    # Staff (HR in its scope, administrators)
    rule(snippet("people_staffprofile", "list"), get(STAFF_LIST, marker=a_name)),
    rule(snippet("people_staffprofile", "list_results"), get(STAFF_LIST, marker=a_name)),
    rule(
        snippet("people_staffprofile", "add"),
        get(admin(DENIED, **hr_officers(OK), admin=OK)),
        # A profile in unit B: HR of unit A may not create it (the form comes back), HR of unit B may.
        post(
            admin(DENIED, hr=OK, hr_other=REDIRECT, admin=REDIRECT),
            data=lambda w: profile_form(w, w.newcomer, w.library_b),
            state=lambda w: list(StaffProfile.objects.filter(user=w.newcomer).values_list("institution")),
            may_write=("hr_other", *ADMINS),
        ),
    ),
    rule(
        snippet("people_staffprofile", "edit"),
        get(admin(NOT_FOUND, hr=SEES, admin=SEES), kwargs=pk("profile_a"), marker=a_name),
        post(
            admin(NOT_FOUND, hr=REDIRECT, admin=REDIRECT),
            kwargs=pk("profile_a"),
            data=lambda w: profile_form(w, w.learner, w.library_a),
            state=profile_a_state,
            may_write=("hr", *ADMINS),
        ),
        # Moving unit A's learner to unit B is for administrators: HR of unit A gets the form back.
        post(
            admin(NOT_FOUND, hr=OK, admin=REDIRECT),
            kwargs=pk("profile_a"),
            data=lambda w: profile_form(w, w.learner, w.library_b),
            state=profile_a_state,
            may_write=ADMINS,
        ),
    ),
    rule(
        snippet("people_staffprofile", "delete"),
        get(admin(NOT_FOUND, hr=DENIED, admin=SEES), kwargs=pk("profile_a"), marker=a_name),
        # HR deletes nobody; the learner's class attendance protects the profile from administrators too.
        post(admin(NOT_FOUND, hr=DENIED, admin=DENIED), kwargs=pk("profile_a"), state=profile_a_state),
    ),
    staff_rule("usage"),
    staff_rule("history"),
    staff_rule("history_results", marker=None),  # the entries, without the name
    staff_rule("copy"),
    rule(chooser("people_staffprofile", "choose"), get(STAFF_CHOOSER, marker=a_name)),
    rule(chooser("people_staffprofile", "choose_results"), get(STAFF_CHOOSER, marker=a_name)),
    rule(chooser("people_staffprofile", "chosen"), get(STAFF_CHOSEN, kwargs=pk("profile_a"))),
    rule(
        chooser("people_staffprofile", "chosen_multiple"),
        get(STAFF_CHOOSER, url=with_ids(chooser("people_staffprofile", "chosen_multiple"), "profile_a"), marker=a_name),
    ),
    rule(chooser("people_staffprofile", "create"), get(admin(DENIED, **hr_officers(OK), admin=OK))),
    # Institutions and administrative units (HR reads them), HR scopes (administrators)
    *unit_rules("people_institution", "library_a"),
    *unit_rules("people_administrativeunit", "district_a"),
    *model_rules("people_hrscope", "hr_scope_a", ADMIN_ONLY, a_scope, ADMIN_ONLY_CHOOSER, ADMIN_ONLY_CHOSEN),
    # The audit trail (administrators read it; nobody changes it, so it has no history either)
    rule(snippet("people_auditentry", "list"), get(ADMIN_ONLY)),
    rule(snippet("people_auditentry", "list_results"), get(ADMIN_ONLY)),
    rule(snippet("people_auditentry", "inspect"), get(ADMIN_ONLY, kwargs=pk("audit_entry"))),
    *(
        rule(snippet("people_auditentry", action), get(admin(DENIED), kwargs=pk("audit_entry")))
        for action in ("edit", "delete", "usage", "history", "history_results")
    ),
    rule(snippet("people_auditentry", "add"), get(admin(DENIED))),
    rule(chooser("people_auditentry", "choose"), get(ADMIN_ONLY_CHOOSER, marker=an_audit_entry)),
    rule(chooser("people_auditentry", "choose_results"), get(ADMIN_ONLY_CHOOSER, marker=an_audit_entry)),
    rule(chooser("people_auditentry", "chosen"), get(ADMIN_ONLY_CHOSEN, kwargs=pk("audit_entry"))),
    rule(
        chooser("people_auditentry", "chosen_multiple"),
        get(
            ADMIN_ONLY_CHOOSER,
            url=with_ids(chooser("people_auditentry", "chosen_multiple"), "audit_entry"),
            marker=an_audit_entry,
        ),
    ),
    rule(chooser("people_auditentry", "create"), get(admin(DENIED))),
    # The question bank (trainers, administrators)
    # The bank is shared for reading, choosing and copying; a question of quiz A (the essay) is
    # changed or deleted only by trainer A and administrators (Question.objects.managed_by).
    *(
        r
        for r in model_rules("quizzes_question", "essay", QUIZ_AUTHORS, a_question, QUIZ_CHOOSER, QUIZ_CHOSEN)
        if r.pattern not in (snippet("quizzes_question", "edit"), snippet("quizzes_question", "delete"))
    ),
    *(
        rule(
            snippet("quizzes_question", action),
            get(admin(either(DENIED, NOT_FOUND), trainer=OK, other_trainer=NOT_FOUND, admin=OK), kwargs=pk("essay")),
        )
        for action in ("edit", "delete")
    ),
    *quiz_rules(),
    *model_rules("quizzes_category", "category", QUIZ_AUTHORS, a_category, QUIZ_CHOOSER, QUIZ_CHOSEN),
    # Certificates (the course's trainer, HR in its scope, administrators; read-only records)
    rule(snippet("certificates_certificate", "list"), get(CERTIFICATE_LIST, marker=a_certificate)),
    rule(snippet("certificates_certificate", "list_results"), get(CERTIFICATE_LIST, marker=a_certificate)),
    rule(snippet("certificates_certificate", "inspect"), get(CERTIFICATE_RECORD, kwargs=pk("cert_a"))),
    rule(snippet("certificates_certificate", "history"), get(CERTIFICATE_RECORD, kwargs=pk("cert_a"))),
    rule(snippet("certificates_certificate", "history_results"), get(CERTIFICATE_RECORD, kwargs=pk("cert_a"))),
    rule(snippet("certificates_certificate", "usage"), get(admin(DENIED), kwargs=pk("cert_a"))),
    rule(snippet("certificates_certificate", "add"), get(admin(DENIED))),
    rule(snippet("certificates_certificate", "edit"), get(admin(DENIED), kwargs=pk("cert_a"))),
    rule(
        snippet("certificates_certificate", "delete"),
        get(admin(DENIED), kwargs=pk("cert_a")),
        post(admin(DENIED), kwargs=pk("cert_a"), state=certificate_state),
    ),
    certificate_action_rule("revoke", reason),
    certificate_action_rule("reissue", reason),
    certificate_action_rule("retry_delivery", lambda w: {}),
    rule(chooser("certificates_certificate", "choose"), get(CERTIFICATE_CHOOSER, marker=a_certificate)),
    rule(chooser("certificates_certificate", "choose_results"), get(CERTIFICATE_CHOOSER, marker=a_certificate)),
    rule(chooser("certificates_certificate", "chosen"), get(CERTIFICATE_CHOSEN, kwargs=pk("cert_a"))),
    rule(
        chooser("certificates_certificate", "chosen_multiple"),
        get(
            CERTIFICATE_CHOOSER,
            url=with_ids(chooser("certificates_certificate", "chosen_multiple"), "cert_a"),
            marker=a_certificate,
        ),
    ),
    rule(chooser("certificates_certificate", "create"), get(admin(DENIED))),
    # In-person classes
    rule(snippet("classes_trainingclass", "list"), get(CLASS_LIST, marker=a_class)),
    rule(snippet("classes_trainingclass", "list_results"), get(CLASS_LIST, marker=a_class)),
    rule(snippet("classes_trainingclass", "add"), get(admin(OK))),
    class_rule(
        "edit",
        post(CLASS_RECORD_POST, kwargs=pk("class_a"), data=class_form, state=class_a_state, may_write=CLASS_WRITERS),
    ),
    class_rule(
        "delete",
        post(CLASS_RECORD_POST, kwargs=pk("class_a"), state=class_a_state, may_write=CLASS_WRITERS),
    ),
    class_rule("usage"),
    class_rule("history"),
    class_rule("history_results"),
    class_rule(
        "attendance",
        post(
            CLASS_RECORD_POST,
            kwargs=pk("class_a"),
            data=attendance_form,
            state=attendance_state,
            may_write=CLASS_WRITERS,
        ),
    ),
    class_rule("import"),
    rule(
        snippet("classes_trainingclass", "import_confirm"),
        get(admin(NOT_FOUND, trainer=NOT_ALLOWED, hr=NOT_ALLOWED, admin=NOT_ALLOWED), kwargs=pk("class_a")),
        post(CLASS_RECORD_POST, kwargs=pk("class_a"), data=forged_token, state=attendance_state),
    ),
    rule(snippet("classes_trainingclass", "template"), get(admin(FILE))),
    rule(chooser("classes_trainingclass", "choose"), get(CLASS_LIST, marker=a_class)),
    rule(chooser("classes_trainingclass", "choose_results"), get(CLASS_LIST, marker=a_class)),
    rule(chooser("classes_trainingclass", "chosen"), get(CLASS_RECORD, kwargs=pk("class_a"))),
    rule(
        chooser("classes_trainingclass", "chosen_multiple"),
        get(CLASS_LIST, url=with_ids(chooser("classes_trainingclass", "chosen_multiple"), "class_a"), marker=a_class),
    ),
    rule(chooser("classes_trainingclass", "create"), get(admin(OK))),
    # Wagtail screens that show our records ---------------------------------------------------------
    rule(
        "wagtail_bulk_action",
        # The certificates' ZIP: the selection is checked against the user's scope.
        get(
            CERTIFICATE_LIST,
            url=bulk_action("certificates", "certificate", "download_zip", "cert_a"),
            marker=a_certificate,
        ),
        post(
            admin(DENIED, **trainers(FILE, other=REDIRECT), **hr_officers(FILE, other=REDIRECT), admin=FILE),
            url=bulk_action("certificates", "certificate", "download_zip", "cert_a"),
        ),
        post(
            admin(DENIED, **trainers(REDIRECT), **hr_officers(REDIRECT), admin=REDIRECT),
            url=bulk_action("classes", "trainingclass", "delete", "class_a"),
            state=class_a_state,
            may_write=CLASS_WRITERS,
        ),
        # Trainer B deletes nothing of trainer A's by a forged bulk action.
        post(
            admin(REDIRECT),
            url=bulk_action("quizzes", "quiz", "delete", "quiz_a"),
            state=still_there(lambda: Quiz, "quiz_a"),
            may_write=("trainer", "admin", "superuser"),
        ),
        # Invitations to set a password: HR of unit A and administrators invite unit A's newcomer;
        # HR of unit B is refused without learning the name; trainers may not invite. (The e-mails
        # leave once the request's transaction commits, which a probe's never does:
        # tests/test_invitations.py checks who gets them.)
        get(
            admin(DENIED, hr=SEES, hr_other=SCOPED, admin=SEES),
            url=bulk_action("people", "staffprofile", "invite", "profile_invitee"),
            marker=an_invitee,
        ),
        post(
            admin(DENIED, **hr_officers(REDIRECT), admin=REDIRECT),
            url=bulk_action("people", "staffprofile", "invite", "profile_invitee"),
        ),
        # Nobody deletes the learner's profile: HR may not, and the class attendance protects it.
        post(
            admin(REDIRECT, admin=DENIED),
            url=bulk_action("people", "staffprofile", "delete", "profile_a"),
            state=profile_a_state,
        ),
    ),
    rule(
        "wagtailadmin_reports:site_history",
        get(admin(SCOPED, trainer=SEES, hr=SEES, admin=SEES), marker=a_name),
    ),
    rule(
        "wagtailadmin_reports:site_history_results",
        get(admin(SCOPED, trainer=SEES, hr=SEES, admin=SEES), marker=a_name),
    ),
    rule(
        "wagtailsettings:edit",
        # The certificate branding: without a site, the editor redirects to the default site's.
        get(
            admin(DENIED, admin=REDIRECT),
            kwargs=lambda w: {"app_name": "certificates", "model_name": "certificatesettings"},
        ),
        get(
            ADMIN_ONLY,
            kwargs=lambda w: {"app_name": "certificates", "model_name": "certificatesettings", "pk": w.site.pk},
        ),
        # Settings → III.3 report: the province's plan, target and recipients.
        get(ADMIN_ONLY, kwargs=lambda w: {"app_name": "reports", "model_name": "reportsettings", "pk": w.site.pk}),
    ),
    # A few of Wagtail's screens that take arguments, on our objects.
    # A course and its lessons: its own trainer edits them, another trainer does not.
    rule(
        "wagtailadmin_pages:edit",
        get(COURSE_A_EDITORS, kwargs=lambda w: {"page_id": w.course_a.pk}),
        get(COURSE_A_EDITORS, kwargs=lambda w: {"page_id": w.lessons_a[0].pk}),
    ),
    # Who trains a course: provincial administrators assign its trainers (courses.trainers).
    rule("course_trainers_index", get(ADMIN_ONLY)),
    rule("course_trainers_index_results", get(ADMIN_ONLY)),
    rule(
        "course_trainers",
        get(ADMIN_ONLY, kwargs=lambda w: {"course_id": w.course_a.pk}),
        post(
            admin(DENIED, admin=REDIRECT),
            kwargs=lambda w: {"course_id": w.course_a.pk},
            data=lambda w: {"trainers": [w.users["other_trainer"].pk]},
            state=course_a_trainers,
            may_write=("admin", "superuser"),
        ),
    ),
    rule("wagtailadmin_explore", get(for_family(PAGE_EDITORS), kwargs=lambda w: {"parent_page_id": w.index.pk})),
    # Images and documents (Wagtail's collection permissions on the root, with ownership):
    # provincial administrators hold "change", so they edit and delete any file; trainers hold
    # only "add" and "choose", so they edit and delete what they uploaded themselves, never
    # another's (the certificate's signature, the administrator's handout). HR has neither.
    *media_rules("wagtailimages", "image_id", get_image_model, "signature", "trainer_image"),
    *media_rules("wagtaildocs", "document_id", get_document_model, "admin_document", "trainer_document"),
    # Accounts: provincial administrators add, change and view them (auth.*_user) but do not
    # delete them (no auth.delete_user): deleting an account is the superuser's, and only one
    # without records. Unit A's learner holds a certificate and class attendance (PROTECT):
    # nobody deletes that account; the refusal is a page, not a server error.
    rule("wagtailusers_users:edit", get(ADMIN_ONLY, kwargs=pk("learner"))),
    rule(
        "wagtailusers_users:delete",
        # An account holding certificates or attendance is refused at once (people/wagtail_hooks.py).
        get(admin(DENIED, superuser=REDIRECT), kwargs=pk("learner")),
        get(SUPERUSER_ONLY, kwargs=pk("newcomer")),
        post(
            admin(DENIED, superuser=REDIRECT),
            kwargs=pk("learner"),
            state=still_there(get_user_model, "learner"),
        ),
        post(
            admin(DENIED, superuser=REDIRECT),
            kwargs=pk("newcomer"),
            state=still_there(get_user_model, "newcomer"),
            may_write=("superuser",),
        ),
    ),
]

# Wagtail's and Django's own screens: the patterns without arguments, as FAMILY_ROLES; globs are
# tried in this order, after the exact rules above.
RULES += [
    family("wagtailadmin_login", {**everyone(OK), **dict.fromkeys(ADMIN_USERS, REDIRECT)}),
    family("wagtailadmin_logout", admin(NOT_ALLOWED)),
    family("wagtailadmin_explore_root", admin(DENIED, **trainers(REDIRECT), superuser=OK)),
    not_requested("wagtailadmin_error_test", "Wagtail's deliberate server error"),
    family("wagtailadmin_password_reset*", everyone(OK)),
    family("wagtailadmin_sprite", everyone(OK)),
    family("wagtailadmin_javascript_catalog", everyone(OK)),
    family("wagtailadmin_block_preview", admin(NOT_FOUND)),  # no block given
    family("wagtailadmin_api:*:find", admin(NOT_FOUND)),  # nothing to find
    family("wagtailadmin_pages:*", PAGE_EDITORS),
    # Wagtail's page reports: for site-wide page editors (staff_lms.site_reports), none of our roles;
    # the site history has its own rules above.
    family("wagtailadmin_reports:*", SUPERUSER_ONLY),
    family("wagtailadmin_workflows:select_task_type", admin(DENIED, superuser=REDIRECT)),
    family("wagtailadmin_workflows:task_chooser*", admin(OK)),
    family("wagtailadmin_workflows:*", SUPERUSER_ONLY),
    family("wagtailadmin_collections:*", SUPERUSER_ONLY),
    family("wagtailadmin_*", admin(OK)),
    family("wagtailforms:*", PAGE_EDITORS),
    # Images and documents: trainers and administrators upload them (root collection permissions).
    family("wagtailimages_chooser:create", UPLOADERS),
    family("wagtaildocs_chooser:create", UPLOADERS),
    family("wagtailimages_chooser:*", admin(OK)),
    family("wagtaildocs_chooser:*", admin(OK)),
    family("wagtailimages:*", UPLOADERS),
    family("wagtaildocs:*", UPLOADERS),
    family("wagtaildocs_*", everyone(OK)),  # serving a document (none without arguments)
    family("wagtailusers_users:*", ADMIN_ONLY),
    family("wagtailusers_groups:*", SUPERUSER_ONLY),
    family("wagtailsites:*", SUPERUSER_ONLY),
    family("wagtailredirects:process_import", admin(DENIED, superuser=NOT_ALLOWED)),
    family("wagtailredirects:*", SUPERUSER_ONLY),
    family("wagtailsettings:*", ADMIN_ONLY),
    family("wagtailembeds:*", admin(OK)),
    family("wagtailsnippets:index", admin(DENIED)),
    family("admin/*", admin(OK)),  # Wagtail's unnamed test404 and catch-all
    # Django's admin (django-admin/): staff status, which the superuser alone has.
    family("admin:login", {**everyone(OK), "superuser": REDIRECT}),
    family("admin:logout", {**everyone(REDIRECT), "superuser": NOT_ALLOWED}),
    family("admin:autocomplete", {**DJANGO_ADMIN, "superuser": DENIED}),  # no model given
    family("admin:axes_*_add", {**DJANGO_ADMIN, "superuser": DENIED}),  # login attempts are never added by hand
    family("admin:*", DJANGO_ADMIN),
    family("django-admin/*", DJANGO_ADMIN),
]

# Defect(...) entries: what the code does today against a rule, why, and the fix
KNOWN_DEFECTS = []

EXACT = {r.pattern: r for r in RULES if not r.is_glob}
GLOBS = [r for r in RULES if r.is_glob]
