"""Demo in-person classes, for ``manage.py seed_demo`` (in ``lms``), called once the demo staff,
courses and enrolments exist and before ``lms.demo.certificates.seed_certificates``.

Four refresher classes of the kind the provincial plan calls for, this year and last year,
with the attendance of demo staff and a few community participants. Recording a completed
attendance issues the attendee's class certificate (the class's own training type, hours and
dates), queueing its e-mail; ``seed_certificates`` then dates those certificates by the class's
last day and records them as delivered like every demo certificate, so the queued e-mails find
nothing to send. The digitisation class at the provincial library teaches the online course
"Số hóa tài liệu và xây dựng siêu dữ liệu": its completed attendance also completes that course
for the attendee, whose class certificate is then that course's. People already enrolled in
that course online are left out of its attendance: their online record stands. The other
classes are on topics of their own, held without an online course: their completers hold
class certificates with no course.

A class is looked up by title and first day; an existing one is left alone, attendance included,
so running the seed again creates nothing.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from classes import services
from classes.models import TrainingClass
from courses.models import CoursePage, Enrolment, TrainingType
from people.models import Institution, StaffProfile

from . import people as demo_people

# A class dated "this year" falls at least this long before the seed runs (else a year earlier).
MIN_AGE = timedelta(days=14)


@dataclass
class DemoClass:
    title: str
    years_ago: int
    month: int
    day: int
    days: int
    hours: str
    place: str
    organiser: str  # institution code
    training_type: str
    attendees: list  # full names from lms.demo.people; every fifth one recorded does not complete
    course_slug: str = ""
    trainer: str = ""  # username of a demo account
    trainer_name: str = ""
    recorded_by: str = demo_people.ADMIN[0]
    notes: str = ""


CLASSES = [
    DemoClass(
        title="Tập huấn số hóa tài liệu địa chí",
        years_ago=0,
        month=3,
        day=17,
        days=2,
        hours="16",
        place="Phòng Hội thảo, Thư viện tỉnh Thái Nguyên",
        organiser="thu-vien-tinh",
        training_type=TrainingType.REFRESHER,
        course_slug="so-hoa-tai-lieu-va-xay-dung-sieu-du-lieu",
        trainer=demo_people.TRAINER[0],
        recorded_by=demo_people.HR[0],
        notes="Thực hành quét và biên mục bộ sưu tập tài liệu địa chí Thái Nguyên; mỗi học viên số hóa 20 trang.",
        attendees=[
            "Nguyễn Thị Lan",
            "Trần Văn Hùng",
            "Lê Thị Thu Trang",
            "Phạm Minh Đức",
            "Dương Thị Ngọc Ánh",
            "Vũ Thị Hải Yến",
            "Chu Thị Phượng",
            "Ngô Thị Hoa",
            "Đinh Văn Tú",
            "Ma Văn Hiếu",
            "Lưu Thị Hạnh",
            "Phùng Thị Thanh Tâm",
            "Hoàng Thị Lụa",
            "Trần Thị Bích Ngọc",
            "Trần Thị Vân",
            "Đỗ Thị Minh Nguyệt",
            "Nguyễn Thị Kim Dung",
            "Lê Văn Cường",
            "Ma Thị Lan",
            "Hoàng Thị Xuân",
            "Trịnh Văn Long",
            "Phạm Thị Thùy Linh",
            "Lương Thị Quỳnh",
            "Nguyễn Văn Bình",
            "Lê Thị Thanh Hà",
        ],
    ),
    DemoClass(
        title="Bồi dưỡng kỹ năng tổ chức Ngày Sách và Văn hóa đọc Việt Nam",
        years_ago=1,
        month=3,
        day=24,
        days=2,
        hours="12",
        place="Hội trường Trung tâm Văn hóa Nghệ thuật tỉnh Thái Nguyên",
        organiser="thu-vien-tinh",
        training_type=TrainingType.REFRESHER,
        trainer_name="ThS. Nguyễn Thị Hồng Vân",
        notes="Chuẩn bị các hoạt động hưởng ứng Ngày Sách và Văn hóa đọc Việt Nam 21/4.",
        attendees=[
            "Đặng Thị Hương",
            "Hoàng Văn Thắng",
            "Phạm Thị Thùy Linh",
            "Ma Thị Thu Hà",
            "Bùi Thị Nga",
            "Lương Thị Quỳnh",
            "Hà Thị Huyền",
            "La Văn Dũng",
            "Triệu Thị Thơm",
            "Hoàng Văn Chiến",
            "Ma Thị Hường",
            "Triệu Văn Lâm",
        ],
    ),
    DemoClass(
        title="Tập huấn xây dựng triển lãm số và tham quan ảo 360 độ",
        years_ago=1,
        month=10,
        day=14,
        days=3,
        hours="24",
        place="Bảo tàng Văn hóa các dân tộc Việt Nam, thành phố Thái Nguyên",
        organiser="bao-tang-vhcdtvn",
        training_type=TrainingType.RETRAINING,
        trainer_name="TS. Phạm Quốc Khánh",
        attendees=[
            "Đỗ Thị Phương Thảo",
            "Hà Văn Sơn",
            "Ma Thị Duyên",
            "Nông Thị Hằng",
            "Lý Văn Khánh",
            "Lương Văn Tùng",
            "Triệu Thị Mai",
            "Hoàng Minh Khôi",
        ],
    ),
    DemoClass(
        title="Bồi dưỡng kỹ năng truyền thông trên nền tảng số cho trung tâm học tập cộng đồng",
        years_ago=0,
        month=9,
        day=22,
        days=1,
        hours="8",
        place="Trung tâm Văn hóa - Thể thao - Truyền thông huyện Đại Từ",
        organiser="ttvhttt-dai-tu",
        training_type=TrainingType.REFRESHER,
        trainer_name="Dương Văn Quân",
        attendees=[
            "Hà Thị Huyền",
            "Triệu Thị Thơm",
            "La Văn Dũng",
            "Vũ Văn Nam",
            "Lê Thị Hồng Nhung",
            "Nguyễn Văn Tuyên",
            "Nguyễn Đức Mạnh",
            "Phạm Thị Hoài",
            "Ma Thị Hường",
        ],
    ),
]


def first_day(spec, today):
    """The class's first day ``years_ago`` years back, moved a year earlier if it would not yet
    be over by a fortnight when the seed runs."""
    start = date(today.year - spec.years_ago, spec.month, spec.day)
    while start + timedelta(days=spec.days - 1) > today - MIN_AGE:
        start = start.replace(year=start.year - 1)
    return start


def score(index):
    """A plausible, repeatable score (%) for the attendee at ``index``."""
    return Decimal(70 + (index * 7) % 29)


def seed_classes(created, now):
    """Create the demo classes that do not exist yet, with their attendance. ``created`` is the
    seed's Counter of what it created. Returns the number of classes."""
    today = timezone.localdate(now)
    users = get_user_model().objects.in_bulk(
        [spec.trainer for spec in CLASSES if spec.trainer] + [spec.recorded_by for spec in CLASSES],
        field_name="username",
    )
    institutions = Institution.objects.in_bulk([spec.organiser for spec in CLASSES], field_name="code")
    names = {name for spec in CLASSES for name in spec.attendees}
    people = {p.full_name: p for p in StaffProfile.objects.filter(full_name__in=names).select_related("user")}
    for spec in CLASSES:
        starts_on = first_day(spec, today)
        course = CoursePage.objects.filter(slug=spec.course_slug).first() if spec.course_slug else None
        training_class, was_created = TrainingClass.objects.get_or_create(
            title=spec.title,
            starts_on=starts_on,
            defaults={
                "ends_on": starts_on + timedelta(days=spec.days - 1),
                "course": course,
                "training_type": spec.training_type,
                "place": spec.place,
                "hours": Decimal(spec.hours),
                "organiser": institutions.get(spec.organiser),
                "trainer": users.get(spec.trainer),
                "trainer_name": spec.trainer_name,
                "notes": spec.notes,
                "created_by": users.get(spec.recorded_by),
            },
        )
        if not was_created:
            continue
        created["in-person classes"] += 1
        enrolled = set()
        if course is not None:
            enrolled = set(Enrolment.objects.filter(course=course).values_list("user_id", flat=True))
        attendees = [people[name] for name in spec.attendees if name in people]
        attendees = [participant for participant in attendees if participant.user_id not in enrolled]
        for index, participant in enumerate(attendees):
            completed = index % 5 != 4
            services.record_attendance(
                training_class,
                participant,
                actor=None,  # the demo data, issued as the system
                completed=completed,
                score=score(index) if completed else None,
            )
            created["class attendances"] += 1
    return TrainingClass.objects.count()
