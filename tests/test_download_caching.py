"""Downloads that carry personal data (names, workplaces, results) answer ``Cache-Control:
no-store``: no browser, proxy or shared cache keeps a copy, so it does not outlive the session
on a shared office computer, nor reach the next user of a proxy. Content for some users only
(a lesson's document, a course handbook) is ``private`` at least: no shared cache keeps it."""

import pytest
from django.utils import timezone
from wagtail.documents import get_document_model

from certificates.models import Certificate
from classes.models import TrainingClass
from classes.services import record_attendance

from .conftest import client_for, enrol, make_course, make_user

YEAR = timezone.localdate().year
PERIOD = f"date_from={YEAR}-01-01&date_to={YEAR}-12-31"


@pytest.fixture
def world(units, course_index, trainer, provincial_admin):
    course, lessons = make_course(course_index, 1, title="Số hoá tài liệu", trainer=trainer)
    learner = make_user("hv", profile={"full_name": "Nguyễn Thị Lan", "institution": units["library_a"]})
    certificate = Certificate.objects.issue(enrol(learner, course, completed_at=timezone.now()), deliver=False)[0]
    training_class = TrainingClass.objects.create(
        title="Lớp tập huấn", starts_on=timezone.localdate(), ends_on=timezone.localdate(), place="Đại Từ", hours=4
    )
    record_attendance(training_class, learner.staff_profile, actor=None)
    return {
        "learner": learner,
        "admin": provincial_admin,
        "course": course,
        "lesson": lessons[0],
        "certificate": certificate,
    }


def certificate_zip(world):
    return "POST", f"/admin/bulk/certificates/certificate/download_zip/?id={world['certificate'].pk}"


# (what, who, method, URL) of every download holding personal data, one per format.
PERSONAL_DATA_DOWNLOADS = [
    ("certificate PDF", "learner", lambda w: ("GET", w["certificate"].download_url)),
    ("certificates ZIP", "admin", certificate_zip),
    *(
        (
            f"certificate listing {fmt}",
            "admin",
            lambda w, fmt=fmt: ("GET", f"/admin/snippets/certificates/certificate/?export={fmt}"),
        )
        for fmt in ("csv", "xlsx")
    ),
    *(
        (f"completion records {fmt}", "admin", lambda w, fmt=fmt: ("GET", f"/admin/completion-records/export/{fmt}/"))
        for fmt in ("csv", "xlsx", "json")
    ),
    *(
        (
            f"staff roster {fmt}",
            "admin",
            lambda w, fmt=fmt: ("GET", f"/admin/snippets/people/staffprofile/?export={fmt}"),
        )
        for fmt in ("csv", "xlsx")
    ),
    *(
        (
            f"training matrix {fmt}",
            "admin",
            lambda w, fmt=fmt: ("GET", f"/admin/assignments/matrix/export/?format={fmt}"),
        )
        for fmt in ("csv", "xlsx")
    ),
    *(
        (f"III.3 report {fmt}", "admin", lambda w, fmt=fmt: ("GET", f"/admin/training-report/download/{fmt}/?{PERIOD}"))
        for fmt in ("xlsx", "pdf")
    ),
]


def cache_directives(response):
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


def content_of(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.parametrize(
    ("what", "who", "request_of"), PERSONAL_DATA_DOWNLOADS, ids=[what for what, *_rest in PERSONAL_DATA_DOWNLOADS]
)
def test_personal_data_downloads_are_never_stored(world, what, who, request_of):
    method, url = request_of(world)
    client = client_for(world[who])

    response = client.post(url) if method == "POST" else client.get(url)

    assert response.status_code == 200, response.status_code
    assert response["Content-Disposition"].startswith("attachment")
    assert content_of(response)
    assert {"no-store", "private"} <= cache_directives(response)


def test_content_for_some_users_only_is_private(world):
    from django.core.files.base import ContentFile

    document = get_document_model().objects.create(
        title="Bảng kiểm", file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="bang-kiem.pdf")
    )
    lesson = world["lesson"]
    lesson.body.append(("document", {"document": document, "title": ""}))
    lesson.save_revision().publish()
    client = client_for(world["learner"])

    handbook = client.get(f"/learning/courses/{world['course'].pk}/handbook.pdf")
    handout = client.get(document.url)

    for response in (handbook, handout):
        assert response.status_code == 200
        assert "private" in cache_directives(response)
