"""The Vietnamese catalogues are complete, well-formed and compiled.

Vietnamese is the site's default language, so an untranslated or stale string is a bug a
user sees. The .mo files are committed (CI machines may lack gettext); checking their
*content* against the .po files catches a forgotten ``compilemessages`` even though a git
checkout resets file modification times.
"""

import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from courses.models import TrainingType
from quizzes.models import Question
from staff_lms.checks import LMS_APPS

CATALOGUE_DIRS = [*LMS_APPS, "."]  # each LMS app carries its catalogue; "." is the host's

PO_FILES = sorted(
    po for folder in CATALOGUE_DIRS for po in (Path(settings.BASE_DIR) / folder / "locale").glob("*/LC_MESSAGES/*.po")
)

# %(name)s, %(name)d, %s, %d...; "%%" is a literal percent sign, not a placeholder.
PLACEHOLDER = re.compile(r"%(?:\([^)]+\))?[-#0 +]*\d*(?:\.\d+)?[sdifeEgGxXor%]")
ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}
KEYWORD = re.compile(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(\".*\")\s*$")


def unquote(token):
    return re.sub(r"\\(.)", lambda m: ESCAPES[m.group(1)], token.strip()[1:-1])


def parse_po(path):
    """Entries of a .po file as dicts: msgctxt, msgid, msgid_plural, msgstr (a str, or a
    list for plural entries), flags. Obsolete (``#~``) entries are left out."""
    entries = []
    entry, field = None, None
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = line.strip()
        ends_entry = not line or line.startswith(("#", "msgctxt ", "msgid "))
        if ends_entry and entry is not None and "msgid" in entry:
            entries.append(entry)
            entry, field = None, None
        if not line:
            entry, field = None, None  # a blank line also drops comments of obsolete (#~) entries
            continue
        if line.startswith("#"):
            entry = entry or {"flags": set(), "line": number}
            if line.startswith("#,"):
                entry["flags"].update(flag.strip() for flag in line[2:].split(","))
            continue
        entry = entry or {"flags": set(), "line": number}
        if line.startswith('"'):
            assert field is not None, f"{path}:{number}: string outside an entry"
            if isinstance(field, int):
                entry["msgstr"][field] += unquote(line)
            else:
                entry[field] += unquote(line)
            continue
        match = KEYWORD.match(line)
        assert match, f"{path}:{number}: cannot parse {line!r}"
        keyword, index, token = match.groups()
        if index is not None:
            field = int(index)
            entry.setdefault("msgstr", {})[field] = unquote(token)
        else:
            field = keyword
            entry[keyword] = unquote(token)
    if entry is not None and "msgid" in entry:
        entries.append(entry)
    for entry in entries:
        if isinstance(entry.get("msgstr"), dict):
            entry["msgstr"] = [entry["msgstr"][i] for i in sorted(entry["msgstr"])]
    return entries


def messages(path):
    """The non-header entries of a catalogue."""
    return [entry for entry in parse_po(path) if entry["msgid"] or "msgctxt" in entry]


def header(path):
    entry = next(entry for entry in parse_po(path) if entry["msgid"] == "" and "msgctxt" not in entry)
    fields = dict(line.split(": ", 1) for line in entry["msgstr"].splitlines() if ": " in line)
    return entry, fields


def translations(entry):
    return entry["msgstr"] if isinstance(entry["msgstr"], list) else [entry["msgstr"]]


def placeholders(text):
    return sorted(found for found in PLACEHOLDER.findall(text) if found != "%%")


def label(entry):
    return f"line {entry['line']}: {entry['msgid']!r}"


catalogues = pytest.mark.parametrize("po", PO_FILES, ids=[str(po.relative_to(settings.BASE_DIR)) for po in PO_FILES])


def test_catalogues_are_found():
    found = {po.relative_to(settings.BASE_DIR).parts[0] for po in PO_FILES}
    assert {*LMS_APPS, "locale"} <= found


@catalogues
def test_header_is_vietnamese_utf8_with_one_plural_form(po):
    entry, fields = header(po)
    assert "fuzzy" not in entry["flags"]
    assert fields["Language"] == "vi"
    assert "charset=UTF-8" in fields["Content-Type"]
    assert fields["Plural-Forms"].replace(" ", "") == "nplurals=1;plural=0;"


@catalogues
def test_every_message_is_translated(po):
    untranslated = [label(entry) for entry in messages(po) if not all(translations(entry))]
    assert untranslated == []


@catalogues
def test_no_message_is_fuzzy(po):
    assert [label(entry) for entry in messages(po) if "fuzzy" in entry["flags"]] == []


@catalogues
def test_plural_messages_have_exactly_one_form(po):
    plurals = [entry for entry in messages(po) if "msgid_plural" in entry]
    assert [label(entry) for entry in plurals if len(entry["msgstr"]) != 1] == []


@catalogues
def test_placeholders_are_kept(po):
    wrong = []
    for entry in messages(po):
        # With one plural form, msgstr[0] serves every count: it follows the plural source.
        expected = placeholders(entry.get("msgid_plural", entry["msgid"]))
        wrong += [(label(entry), text) for text in translations(entry) if placeholders(text) != expected]
    assert wrong == []


@catalogues
def test_compiled_catalogue_matches_po(po):
    mo = po.with_suffix(".mo")
    assert mo.exists(), f"run `manage.py compilemessages`: {mo} is missing"
    with mo.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = []
    for entry in messages(po):
        context = entry.get("msgctxt")
        if "msgid_plural" in entry:
            for n in (1, 2, 5):
                args = (entry["msgid"], entry["msgid_plural"], n)
                got = compiled.ngettext(*args) if context is None else compiled.npgettext(context, *args)
                if got != entry["msgstr"][0]:
                    stale.append((label(entry), n, got))
        else:
            msgid = entry["msgid"]
            got = compiled.gettext(msgid) if context is None else compiled.pgettext(context, msgid)
            if got != entry["msgstr"]:
                stale.append((label(entry), got))
    assert stale == [], f"{mo} is out of date: run `make messages` (or `manage.py compilemessages`)"


@pytest.mark.parametrize(
    ("source", "vietnamese"),
    [
        ("Log in", "Đăng nhập"),
        ("Log out", "Đăng xuất"),
        ("Enrol", "Đăng ký học"),
        ("Mark as done", "Đánh dấu đã học xong"),
        ("My learning", "Học tập của tôi"),
        ("Continue where you left off", "Học tiếp từ chỗ đã dừng"),
        ("Overdue", "Quá hạn"),
        ("Initial training", "Đào tạo"),
        ("Retraining", "Đào tạo lại"),
        ("Refresher", "Bồi dưỡng"),
        ("Trainer", "Giảng viên"),
        ("HR officer", "Phụ trách tổ chức cán bộ"),
        ("Provincial administrator", "Quản trị cấp tỉnh (Sở VHTTDL)"),
        ("Commune post-culture point", "Điểm bưu điện - văn hóa xã"),
    ],
)
def test_key_strings_read_in_vietnamese(source, vietnamese):
    with translation.override("vi"):
        assert translation.gettext(source) == vietnamese


@pytest.mark.parametrize(
    ("source", "vietnamese"),
    [
        (("quiz attempt", "Submit"), "Nộp bài"),
        ("Save and next", "Lưu và sang câu tiếp"),
        ("Essays to mark", "Bài tự luận cần chấm"),
        ("Discrimination", "Độ phân biệt"),
    ],
)
def test_key_quiz_strings_read_in_vietnamese(source, vietnamese):
    with translation.override("vi"):
        if isinstance(source, tuple):
            assert translation.pgettext(*source) == vietnamese
        else:
            assert translation.gettext(source) == vietnamese


@pytest.mark.parametrize(
    ("word", "ours", "wagtails"),
    [
        (("person", "Name"), "Họ và tên", "Tên"),
        (("quiz attempt", "Submitted"), "Đã nộp", "Đã gửi"),
        (("enrolment status", "In progress"), "Đang học", "Đang thực hiện"),
        (("period", "From"), "Từ ngày", "Từ"),
    ],
)
def test_our_words_leave_wagtails_screens_alone(word, ours, wagtails):
    """The LMS's apps come before ``wagtail_vi``: a domain word translated without a context
    would replace Wagtail's own word on Wagtail's screens."""
    with translation.override("vi"):
        assert translation.pgettext(*word) == ours
        assert translation.gettext(word[1]) == wagtails


def test_quiz_question_kinds_read_in_vietnamese():
    with translation.override("vi"):
        assert [str(label) for label in Question.Kind.labels] == [
            "Trắc nghiệm một đáp án",
            "Trắc nghiệm nhiều đáp án",
            "Đúng/sai",
            "Tự luận (giảng viên chấm)",
        ]
        assert (
            translation.ngettext("%(counter)s attempt left", "%(counter)s attempts left", 2) % {"counter": 2}
            == "Còn 2 lượt làm bài"
        )


def test_plural_strings_read_in_vietnamese():
    with translation.override("vi"):
        for n in (1, 3):
            assert translation.ngettext("%(n)d lesson left", "%(n)d lessons left", n) % {"n": n} == f"Còn {n} bài học"


def test_model_choices_read_in_vietnamese():
    with translation.override("vi"):
        assert [str(label) for label in TrainingType.labels] == ["Đào tạo", "Đào tạo lại", "Bồi dưỡng"]


@pytest.mark.django_db
def test_login_page_is_vietnamese_by_default():
    response = Client().get("/accounts/login/")

    assert response.status_code == 200
    text = response.content.decode()
    assert '<html lang="vi">' in text
    assert "Đăng nhập" in text
    assert "Quên mật khẩu?" in text
    assert "Forgotten your password?" not in text


# Wording: who the learners are ---------------------------------------------------------------
#
# The staff of libraries, museums and culture centres are "viên chức, người lao động"; "cán bộ" is
# another legal category (elected and appointed officials), which they do not belong to. Two
# phrases keep the word: the HR officer's job title and the roster column "Mã cán bộ", read as
# an alias of the employee code.

CAN_BO = re.compile(r"cán\s+bộ", re.IGNORECASE)
ALLOWED_CAN_BO = re.compile(r"phụ\s+trách\s+tổ\s+chức\s+cán\s+bộ|mã\s+cán\s+bộ", re.IGNORECASE)


def calls_people_can_bo(text):
    return bool(CAN_BO.search(ALLOWED_CAN_BO.sub("", text)))


def test_the_wording_check_finds_can_bo_outside_the_allowed_phrases():
    assert calls_people_can_bo("Cán bộ hoàn thành")
    assert calls_people_can_bo("số cán\nbộ trong danh sách")
    assert not calls_people_can_bo("Người phụ trách tổ chức cán bộ giao khóa học.")
    assert not calls_people_can_bo("Mã cán bộ")


@catalogues
def test_no_translation_calls_the_staff_can_bo(po):
    wrong = [
        (label(entry), text) for entry in messages(po) for text in translations(entry) if calls_people_can_bo(text)
    ]
    assert wrong == []


def test_staff_and_community_helpers_are_named_as_the_law_names_them():
    with translation.override("vi"):
        assert translation.gettext("Staff (official or employee)") == "Viên chức, người lao động"
        assert (
            translation.gettext("Community participant (volunteer, collaborator)") == "Cộng tác viên, tình nguyện viên"
        )
        assert translation.gettext("Staff on the roster") == "Viên chức, người lao động trong danh sách"


def test_templates_and_demo_staff_do_not_call_learners_can_bo():
    from lms.demo import people as demo_people

    base = Path(settings.BASE_DIR)
    # Ours only: not the virtualenv's, nor the benchmark's peer site (bench/.peer).
    roots = [base / "templates", *(base / app / "templates" for app in (*LMS_APPS, "lms"))]
    templates = [path for root in roots for path in root.rglob("*") if path.suffix in (".html", ".txt")]
    wrong = [str(path) for path in templates if calls_people_can_bo(path.read_text(encoding="utf-8"))]
    positions = [person[-1] for person in [*demo_people.STAFF, *demo_people.COMMUNITY]]
    wrong += [position for position in positions if calls_people_can_bo(position)]
    assert templates and positions
    assert wrong == []
