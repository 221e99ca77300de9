"""``manage.py export_completions``: the completion records to a CSV, XLSX or JSON file,
filtered by period and unit, optionally as a user would see them, logged, with clear errors."""

import csv
import io
import json

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from people.models import AuditEntry
from reports import exports

from .test_completion_records import ALL, build_world, expected_rows, record_keys, vi_headers


@pytest.fixture
def world(units, course_index, trainer):
    return build_world(units, course_index, trainer)


def run(*args):
    out = io.StringIO()
    call_command("export_completions", *args, stdout=out)
    return out.getvalue()


def read_csv(path):
    text = path.read_text(encoding="utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_csv_file_holds_every_record(world, tmp_path):
    path = tmp_path / "ket-qua.csv"

    output = run("--format", "csv", "--output", str(path))

    rows = read_csv(path)
    assert rows[0] == vi_headers()
    expected = expected_rows(world)
    assert rows[1:] == [expected[key] for key in ALL]
    assert f"Exported 7 records to {path} (CSV, " in output
    assert " KB) in " in output or " B) in " in output


def test_xlsx_file_holds_every_record(world, tmp_path):
    path = tmp_path / "ket-qua.xlsx"

    run("--format", "xlsx", "--output", str(path))

    rows = list(openpyxl.load_workbook(path).active.iter_rows(values_only=True))
    assert list(rows[0]) == vi_headers()
    assert [row[:7] for row in rows[1:]] == [tuple(expected_rows(world)[key][:7]) for key in ALL]
    assert rows[1 + ALL.index("e1")][10] == 85.5


def test_json_file_holds_every_record(world, tmp_path):
    path = tmp_path / "ket-qua.json"

    run("--format", "json", "--output", str(path))

    data = json.loads(path.read_text(encoding="utf-8"))
    assert [row["full_name"] for row in data] == [expected_rows(world)[key][1] for key in ALL]
    assert data[ALL.index("e1")]["certificate_number"] == world["certificate"].number


def test_an_existing_file_is_replaced(world, tmp_path):
    path = tmp_path / "ket-qua.csv"
    path.write_text("cũ")

    run("--format", "csv", "--output", str(path))

    assert len(read_csv(path)) == 1 + len(ALL)
    assert [p.name for p in tmp_path.iterdir()] == ["ket-qua.csv"]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--from", "2025-01-01", "--to", "2025-03-31"], ["e1", "e3"]),
        (["--from", "2025-05-01"], ["e2", "e5", "e4"]),
        (["--to", "2025-02-28"], ["e3"]),
        (["--unit", "dai-tu"], ["e4", "e1", "e3", "att1"]),  # with its commune
        (["--unit", "phu-luong", "--from", "2025-04-01", "--to", "2025-04-30"], ["att2"]),
    ],
)
def test_filters(world, tmp_path, args, expected):
    path = tmp_path / "ket-qua.csv"

    run("--format", "csv", "--output", str(path), *args)

    assert record_keys(read_csv(path)[1:], world) == expected


@pytest.mark.parametrize(
    ("username", "expected"),
    [
        ("tccb", ["e4", "e1", "e3", "att1"]),  # HR of district A
        ("giangvien", ["e5", "e1", "att2", "att1"]),  # trainer of course A and of the class
        ("sovhtt", ALL),
    ],
)
def test_as_a_user_exports_what_they_see(world, hr, provincial_admin, tmp_path, username, expected):
    path = tmp_path / "ket-qua.csv"

    run("--format", "csv", "--output", str(path), "--as", username)

    assert record_keys(read_csv(path)[1:], world) == expected


def test_every_run_is_logged(world, hr, tmp_path):
    run("--format", "json", "--output", str(tmp_path / "a.json"), "--from", "2025-01-01", "--unit", "dai-tu")
    run("--format", "xlsx", "--output", str(tmp_path / "b.xlsx"), "--as", "tccb")

    first, second = AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT).order_by("pk")
    assert (first.user, first.kind, first.file_format, first.source, first.rows) == (
        None,
        "completions",
        "json",
        "command",
        4,
    )
    assert first.filters == {"date_from": "2025-01-01", "unit": "dai-tu"}
    assert (second.user, second.file_format, second.rows, second.filters) == (hr, "xlsx", 4, {})


def test_rows_are_read_in_chunks(world, tmp_path, monkeypatch):
    from reports import records

    monkeypatch.setattr(records, "CHUNK_SIZE", 2)
    path = tmp_path / "ket-qua.csv"

    run("--format", "csv", "--output", str(path))

    assert record_keys(read_csv(path)[1:], world) == ALL


def test_formulas_are_neutralised(units, course_index, tmp_path):
    from .conftest import enrol, make_course, make_user

    course, _lessons = make_course(course_index, 1, title="=1+1")
    enrol(make_user("nv", profile={"full_name": "@cmd", "institution": units["library_a"]}), course)
    path = tmp_path / "ket-qua.csv"

    run("--format", "csv", "--output", str(path))

    row = read_csv(path)[1]
    assert (row[1], row[5]) == ("'@cmd", "'=1+1")


@pytest.mark.parametrize("name", ["=Nguyễn Văn An", "-Lan", "+Hùng", "@x", "\tTab"])
def test_json_keeps_names_as_stored_while_csv_and_xlsx_neutralise_them(units, course_index, tmp_path, name):
    from .conftest import enrol, make_course, make_user

    course, _lessons = make_course(course_index, 1)
    enrol(make_user("nv", profile={"full_name": name, "institution": units["library_a"]}), course)
    paths = {file_format: tmp_path / f"ket-qua.{file_format}" for file_format in ("json", "csv", "xlsx")}
    for file_format, path in paths.items():
        run("--format", file_format, "--output", str(path))

    assert json.loads(paths["json"].read_text(encoding="utf-8"))[0]["full_name"] == name
    assert read_csv(paths["csv"])[1][1] == "'" + name
    assert openpyxl.load_workbook(paths["xlsx"]).active.cell(row=2, column=2).value == "'" + name


# Bad input ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "2025-13-01"], "--from: “2025-13-01” is not a date of the form YYYY-MM-DD."),
        (["--to", "01/02/2025"], "--to: “01/02/2025” is not a date of the form YYYY-MM-DD."),
        (["--from", "20250101"], "--from: “20250101” is not a date of the form YYYY-MM-DD."),
        (["--from", "2025-05-01", "--to", "2025-04-01"], "--from (2025-05-01) is after --to (2025-04-01)."),
        (
            ["--unit", "ha-noi"],
            "No administrative unit has the code “ha-noi”. Unit codes: dai-tu, hung-son, phu-luong, tn",
        ),
        (["--as", "khong-ai"], "No user is called “khong-ai”."),
        (["--as", "lan"], "lan may not see completion records"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(units, learner, tmp_path, args, message):
    path = tmp_path / "ket-qua.csv"

    with pytest.raises(CommandError, match=message.replace("(", r"\(").replace(")", r"\)")):
        run("--format", "csv", "--output", str(path), *args)

    assert not path.exists()
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT).exists()


def test_a_missing_folder_is_refused(units, tmp_path):
    with pytest.raises(CommandError, match="does not exist"):
        run("--format", "csv", "--output", str(tmp_path / "khong-co" / "ket-qua.csv"))


@pytest.mark.parametrize("args", [["--format", "pdf", "--output", "x.pdf"], ["--format", "csv"], ["--output", "x.csv"]])
def test_format_and_output_are_required_and_checked(args):
    with pytest.raises(CommandError):
        call_command("export_completions", *args)


def test_a_failed_run_leaves_no_file(world, tmp_path, monkeypatch):
    path = tmp_path / "ket-qua.csv"

    def broken(headers, rows, on_done=None):
        yield "Mã,Họ tên\n"
        raise OSError("disk full")

    monkeypatch.setattr(exports, "csv_chunks", broken)

    with pytest.raises(OSError, match="disk full"):
        run("--format", "csv", "--output", str(path))

    assert list(tmp_path.iterdir()) == []
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT).exists()
