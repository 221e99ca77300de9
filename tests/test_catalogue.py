from courses.models import TrainingType

from .conftest import institution_type, make_course


def course_titles(response):
    return [course.title for course in response.context["courses"]]


def test_catalogue_lists_only_live_courses(course_index, anon_client):
    make_course(course_index, 0, title="Thư viện số cơ bản")
    make_course(course_index, 0, title="Khoá học chưa xuất bản", live=False)

    response = anon_client.get("/")

    assert response.status_code == 200
    assert course_titles(response) == ["Thư viện số cơ bản"]
    assert "Khoá học chưa xuất bản" not in response.text


def test_search_finds_course_by_vietnamese_title(course_index, anon_client):
    make_course(course_index, 0, title="Số hoá hiện vật bảo tàng")
    make_course(course_index, 0, title="Kỹ năng mềm cho cán bộ")

    response = anon_client.get("/", {"q": "bảo tàng"})

    assert course_titles(response) == ["Số hoá hiện vật bảo tàng"]
    assert "1 course matches “bảo tàng”." in response.text


def test_search_ignores_letter_case_of_vietnamese_words(course_index, anon_client):
    make_course(course_index, 0, title="Số hoá hiện vật bảo tàng")

    response = anon_client.get("/", {"q": "BẢO TÀNG"})

    assert course_titles(response) == ["Số hoá hiện vật bảo tàng"]


def test_search_finds_course_by_summary(course_index, anon_client):
    make_course(course_index, 0, title="Chuyên đề 1", summary="Hướng dẫn biên mục tài liệu theo chuẩn MARC 21.")
    make_course(course_index, 0, title="Chuyên đề 2", summary="Tổ chức hoạt động đọc sách cho thiếu nhi.")

    response = anon_client.get("/", {"q": "biên mục"})

    assert course_titles(response) == ["Chuyên đề 1"]


def test_search_without_match_says_so(course_index, anon_client):
    make_course(course_index, 0, title="Số hoá hiện vật bảo tàng")

    response = anon_client.get("/", {"q": "thiên văn học"})

    assert response.status_code == 200
    assert course_titles(response) == []
    assert "No course matches your search." in response.text


def test_search_ignores_unpublished_courses(course_index, anon_client):
    make_course(course_index, 0, title="Bảo tàng số", live=False)

    response = anon_client.get("/", {"q": "bảo tàng"})

    assert course_titles(response) == []


def test_filter_by_audience(course_index, anon_client):
    museum = institution_type("museum")
    make_course(course_index, 0, title="Trưng bày bảo tàng", audience=[museum])
    make_course(course_index, 0, title="Phục vụ bạn đọc", audience=[institution_type("public_library")])

    response = anon_client.get("/", {"audience": museum.pk})

    assert course_titles(response) == ["Trưng bày bảo tàng"]


def test_filter_by_training_type(course_index, anon_client):
    make_course(course_index, 0, title="Đào tạo lại nghiệp vụ", training_type=TrainingType.RETRAINING)
    make_course(course_index, 0, title="Bồi dưỡng kỹ năng số", training_type=TrainingType.REFRESHER)

    response = anon_client.get("/", {"training_type": TrainingType.RETRAINING})

    assert course_titles(response) == ["Đào tạo lại nghiệp vụ"]


def test_search_combined_with_filters(course_index, anon_client):
    museum = institution_type("museum")
    make_course(course_index, 0, title="Bảo tàng số nâng cao", audience=[museum], training_type=TrainingType.RETRAINING)
    make_course(course_index, 0, title="Bảo tàng số cơ bản", audience=[museum])
    make_course(course_index, 0, title="Bảo tàng số cho thư viện", training_type=TrainingType.RETRAINING)

    response = anon_client.get("/", {"q": "bảo tàng", "audience": museum.pk, "training_type": TrainingType.RETRAINING})

    assert response.status_code == 200
    assert course_titles(response) == ["Bảo tàng số nâng cao"]


def test_invalid_filter_values_show_every_course(course_index, anon_client):
    make_course(course_index, 0, title="Phục vụ bạn đọc")
    make_course(course_index, 0, title="Trưng bày bảo tàng")

    response = anon_client.get("/", {"audience": "không-phải-số", "training_type": "marathon"})

    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"audience", "training_type"}
    assert course_titles(response) == ["Phục vụ bạn đọc", "Trưng bày bảo tàng"]


def test_unknown_audience_id_does_not_crash(course_index, anon_client):
    make_course(course_index, 0, title="Phục vụ bạn đọc")

    response = anon_client.get("/", {"audience": "999999"})

    assert response.status_code == 200
    assert course_titles(response) == ["Phục vụ bạn đọc"]
