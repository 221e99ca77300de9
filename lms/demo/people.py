"""Organisation data for the demo site (``manage.py seed_demo``).

Administrative units follow the 2023 list of the provincial plan (DOMAIN.md): the
province, its 9 district-level units and a few communes. Vietnam has reorganised local
government since, which is why units are editable data and this is only a demo.

Institutions and people are invented but realistic; every record is keyed by a natural
key (unit and institution ``code``, username) so the command can run again safely.
"""

import datetime
import unicodedata

PASSWORD = "hoctap2030"
EMAIL_DOMAIN = "example.org"

PROVINCE = ("thai-nguyen", "Tỉnh Thái Nguyên")

# (code, name) of the district-level units of 2023, all children of the province.
DISTRICTS = [
    ("tp-thai-nguyen", "Thành phố Thái Nguyên"),
    ("tp-song-cong", "Thành phố Sông Công"),
    ("tp-pho-yen", "Thành phố Phổ Yên"),
    ("dinh-hoa", "Huyện Định Hóa"),
    ("phu-luong", "Huyện Phú Lương"),
    ("dong-hy", "Huyện Đồng Hỷ"),
    ("vo-nhai", "Huyện Võ Nhai"),
    ("dai-tu", "Huyện Đại Từ"),
    ("phu-binh", "Huyện Phú Bình"),
]

# (code, name, parent district code)
COMMUNES = [
    ("tan-cuong", "Xã Tân Cương", "tp-thai-nguyen"),
    ("phu-dinh", "Xã Phú Đình", "dinh-hoa"),
    ("la-bang", "Xã La Bằng", "dai-tu"),
    ("la-hien", "Xã La Hiên", "vo-nhai"),
    ("than-sa", "Xã Thần Sa", "vo-nhai"),
]

# (code, name, InstitutionTypeCode value, administrative unit code). Bodies run by the
# province sit under the province; the others under the unit where they are located.
INSTITUTIONS = [
    ("thu-vien-tinh", "Thư viện tỉnh Thái Nguyên", "public_library", "thai-nguyen"),
    ("trung-tam-vhnt-tinh", "Trung tâm Văn hóa Nghệ thuật tỉnh Thái Nguyên", "culture_centre", "thai-nguyen"),
    ("thu-vien-bchqs-tinh", "Thư viện Bộ Chỉ huy Quân sự tỉnh Thái Nguyên", "armed_forces", "thai-nguyen"),
    ("bao-tang-vhcdtvn", "Bảo tàng Văn hóa các dân tộc Việt Nam", "museum", "tp-thai-nguyen"),
    ("bao-tang-llvt-viet-bac", "Bảo tàng Lực lượng vũ trang Việt Bắc - Quân khu I", "museum", "tp-thai-nguyen"),
    ("thpt-chuyen-thai-nguyen", "Thư viện Trường THPT Chuyên Thái Nguyên", "school_library", "tp-thai-nguyen"),
    (
        "trung-tam-hoc-lieu-dhtn",
        "Trung tâm Học liệu và Truyền thông - Đại học Thái Nguyên",
        "school_library",
        "tp-thai-nguyen",
    ),
    ("thu-vien-cong-dong-tan-cuong", "Thư viện cộng đồng xã Tân Cương", "public_library", "tan-cuong"),
    ("thu-vien-song-cong", "Thư viện thành phố Sông Công", "public_library", "tp-song-cong"),
    (
        "ttvhttt-pho-yen",
        "Trung tâm Văn hóa - Thể thao - Truyền thông thành phố Phổ Yên",
        "culture_centre",
        "tp-pho-yen",
    ),
    ("thu-vien-dinh-hoa", "Thư viện huyện Định Hóa", "public_library", "dinh-hoa"),
    ("ttvhttt-dinh-hoa", "Trung tâm Văn hóa - Thể thao - Truyền thông huyện Định Hóa", "culture_centre", "dinh-hoa"),
    ("thpt-dinh-hoa", "Thư viện Trường THPT Định Hóa", "school_library", "dinh-hoa"),
    ("thu-vien-xa-phu-dinh", "Thư viện xã Phú Đình", "public_library", "phu-dinh"),
    ("thu-vien-phu-luong", "Thư viện huyện Phú Lương", "public_library", "phu-luong"),
    ("ttvhttt-dong-hy", "Trung tâm Văn hóa - Thể thao - Truyền thông huyện Đồng Hỷ", "culture_centre", "dong-hy"),
    ("ttvhttt-vo-nhai", "Trung tâm Văn hóa - Thể thao - Truyền thông huyện Võ Nhai", "culture_centre", "vo-nhai"),
    ("tthtcd-la-hien", "Trung tâm học tập cộng đồng xã La Hiên", "community_learning_centre", "la-hien"),
    ("diem-bdvh-than-sa", "Điểm Bưu điện - Văn hóa xã Thần Sa", "post_culture_point", "than-sa"),
    ("thu-vien-dai-tu", "Thư viện huyện Đại Từ", "public_library", "dai-tu"),
    ("ttvhttt-dai-tu", "Trung tâm Văn hóa - Thể thao - Truyền thông huyện Đại Từ", "culture_centre", "dai-tu"),
    ("tthtcd-la-bang", "Trung tâm học tập cộng đồng xã La Bằng", "community_learning_centre", "la-bang"),
    ("ttvhttt-phu-binh", "Trung tâm Văn hóa - Thể thao - Truyền thông huyện Phú Bình", "culture_centre", "phu-binh"),
]

# Staff (viên chức, người lao động): (full name, institution code, position). Usernames
# are derived from the names (see ``username_for``); employee codes from the position in
# this list, so keep appending at the end.
STAFF = [
    ("Nguyễn Thị Lan", "thu-vien-tinh", "Viên chức thư viện"),
    ("Trần Văn Hùng", "thu-vien-tinh", "Phó Giám đốc"),
    ("Lê Thị Thu Trang", "thu-vien-tinh", "Thủ thư, Phòng Phục vụ bạn đọc"),
    ("Phạm Minh Đức", "thu-vien-tinh", "Viên chức phụ trách thư viện số"),
    ("Dương Thị Ngọc Ánh", "thu-vien-tinh", "Thủ thư"),
    ("Vũ Thị Hải Yến", "thu-vien-tinh", "Trưởng phòng Phục vụ bạn đọc"),
    ("Chu Thị Phượng", "thu-vien-tinh", "Thủ thư, Phòng Bổ sung - Biên mục"),
    ("Hoàng Văn Thắng", "trung-tam-vhnt-tinh", "Viên chức phòng Nghiệp vụ"),
    ("Đặng Thị Hương", "trung-tam-vhnt-tinh", "Viên chức tổ chức sự kiện"),
    ("Bùi Quang Huy", "trung-tam-vhnt-tinh", "Viên chức phòng Thông tin - Tuyên truyền"),
    ("Trịnh Văn Long", "thu-vien-bchqs-tinh", "Nhân viên thư viện"),
    ("Đỗ Thị Phương Thảo", "bao-tang-vhcdtvn", "Hướng dẫn viên bảo tàng"),
    ("Hà Văn Sơn", "bao-tang-vhcdtvn", "Viên chức phòng Kiểm kê - Bảo quản"),
    ("Ma Thị Duyên", "bao-tang-vhcdtvn", "Hướng dẫn viên bảo tàng"),
    ("Nông Thị Hằng", "bao-tang-vhcdtvn", "Viên chức phòng Trưng bày"),
    ("Lý Văn Khánh", "bao-tang-vhcdtvn", "Viên chức phòng Giáo dục - Truyền thông"),
    ("Lương Văn Tùng", "bao-tang-llvt-viet-bac", "Hướng dẫn viên bảo tàng"),
    ("Triệu Thị Mai", "bao-tang-llvt-viet-bac", "Viên chức phòng Sưu tầm"),
    ("Đỗ Thị Minh Nguyệt", "thpt-chuyen-thai-nguyen", "Nhân viên thư viện trường học"),
    ("Nguyễn Thị Kim Dung", "trung-tam-hoc-lieu-dhtn", "Viên chức thư viện"),
    ("Lê Văn Cường", "trung-tam-hoc-lieu-dhtn", "Viên chức quản trị hệ thống"),
    ("Trần Thị Vân", "thu-vien-cong-dong-tan-cuong", "Nhân viên văn hóa xã"),
    ("Ngô Thị Hoa", "thu-vien-song-cong", "Thủ thư"),
    ("Đinh Văn Tú", "thu-vien-song-cong", "Viên chức thư viện"),
    ("Đặng Văn Thành", "ttvhttt-pho-yen", "Viên chức"),
    ("Phạm Thị Thùy Linh", "ttvhttt-pho-yen", "Viên chức phụ trách thư viện"),
    ("Ma Văn Hiếu", "thu-vien-dinh-hoa", "Viên chức thư viện"),
    ("Lưu Thị Hạnh", "thu-vien-dinh-hoa", "Thủ thư"),
    ("Ma Thị Thu Hà", "ttvhttt-dinh-hoa", "Viên chức"),
    ("Nguyễn Văn Tuyên", "ttvhttt-dinh-hoa", "Phóng viên - biên tập viên"),
    ("Ma Thị Lan", "thpt-dinh-hoa", "Nhân viên thư viện trường học"),
    ("Hoàng Thị Xuân", "thu-vien-xa-phu-dinh", "Nhân viên văn hóa xã"),
    ("Phùng Thị Thanh Tâm", "thu-vien-phu-luong", "Thủ thư"),
    ("Bùi Thị Nga", "ttvhttt-dong-hy", "Viên chức"),
    ("Nguyễn Đức Mạnh", "ttvhttt-dong-hy", "Phóng viên - biên tập viên"),
    ("Dương Thị Thắm", "ttvhttt-vo-nhai", "Viên chức"),
    ("Lương Thị Quỳnh", "ttvhttt-vo-nhai", "Viên chức phụ trách thư viện"),
    ("La Văn Dũng", "tthtcd-la-hien", "Nhân viên văn hóa xã"),
    ("Hoàng Văn Chiến", "diem-bdvh-than-sa", "Nhân viên Điểm Bưu điện - Văn hóa xã"),
    ("Hoàng Thị Lụa", "thu-vien-dai-tu", "Thủ thư"),
    ("Trần Thị Bích Ngọc", "thu-vien-dai-tu", "Viên chức thư viện"),
    ("Dương Văn Quân", "ttvhttt-dai-tu", "Phó Giám đốc"),
    ("Hà Thị Huyền", "ttvhttt-dai-tu", "Viên chức phụ trách thư viện"),
    ("Triệu Thị Thơm", "tthtcd-la-bang", "Nhân viên văn hóa xã"),
    ("Vũ Văn Nam", "ttvhttt-phu-binh", "Viên chức"),
    ("Lê Thị Hồng Nhung", "ttvhttt-phu-binh", "Phóng viên - biên tập viên"),
]

# Community participants (volunteers, collaborators): no employee code.
COMMUNITY = [
    ("Nguyễn Văn Bình", "thu-vien-cong-dong-tan-cuong", "Cộng tác viên"),
    ("Lê Thị Thanh Hà", "thu-vien-tinh", "Cộng tác viên"),
    ("Hoàng Minh Khôi", "bao-tang-vhcdtvn", "Tình nguyện viên"),
    ("Phạm Thị Hoài", "thu-vien-xa-phu-dinh", "Tình nguyện viên"),
    ("Ma Thị Hường", "tthtcd-la-hien", "Tình nguyện viên"),
    ("Triệu Văn Lâm", "tthtcd-la-bang", "Cộng tác viên"),
]

# The four accounts named in the README: (username, full name, institution code, position).
ADMIN = ("admin", "Nguyễn Quang Minh", None, "Chuyên viên Phòng Quản lý Văn hóa, Sở Văn hóa, Thể thao và Du lịch")
TRAINER = ("trainer", "Đỗ Thị Thu Hằng", "thu-vien-tinh", "Trưởng phòng Nghiệp vụ, giảng viên")
HR = ("hr", "Lương Văn Tuấn", "thu-vien-tinh", "Phụ trách tổ chức cán bộ")
LEARNER = ("learner", "Hoàng Thị Mai Anh", "thu-vien-tinh", "Viên chức thư viện")

# What the ``hr`` account may manage: every institution in these units, plus these.
HR_SCOPE_UNITS = ["tp-thai-nguyen"]
HR_SCOPE_INSTITUTIONS = ["thu-vien-tinh"]

FIRST_STAFF_NUMBER = 101
ACCOUNT_EMPLOYEE_CODES = {"admin": "TN-000011", "trainer": "TN-000012", "hr": "TN-000013", "learner": "TN-000014"}


def ascii_fold(text):
    """``"Đỗ Thị Thu Hằng"`` → ``"Do Thi Thu Hang"`` (đ is a letter of its own, not d + mark)."""
    text = text.replace("Đ", "D").replace("đ", "d")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def username_for(full_name):
    return ascii_fold(full_name).lower().replace(" ", "")


MANAGER_TITLES = ("Giám đốc", "Trưởng phòng", "Phó Trưởng phòng")
EMPLOYEE_TITLES = ("Nhân viên", "Hướng dẫn viên", "Phóng viên")


def staff_category(position):
    """The III.3 category of a demo position: heads and deputies are managers, contract posts
    (guides, reporters, commune culture workers) employees, the rest officials."""
    if any(title.lower() in position.lower() for title in MANAGER_TITLES):
        return "manager"
    if position.startswith(EMPLOYEE_TITLES):
        return "employee"
    return "official"


def date_of_birth(username):
    """A stable made-up date of birth between 1970 and 1999 (every demo person has one)."""
    seed = sum(ord(char) * (index + 1) for index, char in enumerate(username))
    return datetime.date(1970 + seed % 30, 1 + seed % 12, 1 + seed % 28)


def employee_code(index):
    return f"TN-{FIRST_STAFF_NUMBER + index:06d}"


def split_name(full_name):
    """Django's ``first_name``/``last_name`` read "first last", which would reverse a
    Vietnamese name. Store family and middle names in ``first_name`` and the given name
    in ``last_name`` (the "Họ và tên đệm" / "Tên" columns of Vietnamese forms), so
    ``get_full_name()`` gives the name in its usual order."""
    family_and_middle, _space, given = full_name.rpartition(" ")
    return family_and_middle, given
