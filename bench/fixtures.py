"""Made-up data the data benchmarks (``bench/exports.py``, ``bench/training_report.py``,
``bench/certificates.py``) build their fixtures from: Thái Nguyên's districts and Vietnamese
staff names. Django must be set up before ``province_and_districts`` is called."""

DISTRICTS = [
    "Thành phố Thái Nguyên",
    "Thành phố Sông Công",
    "Thành phố Phổ Yên",
    "Huyện Định Hóa",
    "Huyện Phú Lương",
    "Huyện Đồng Hỷ",
    "Huyện Võ Nhai",
    "Huyện Đại Từ",
    "Huyện Phú Bình",
]
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô", "Dương", "Lý"]
MIDDLE = ["Thị", "Văn", "Thị Minh", "Đức", "Thị Thu", "Quang", "Thị Hồng", "Ngọc"]
GIVEN = ["Lan", "Hùng", "Hương", "Dũng", "Thảo", "Tuấn", "Phương", "Thắng", "Nguyệt", "Quỳnh", "Khánh", "Yến"]


def staff_name(i):
    """The ``i``-th of 1,152 different full names."""
    return f"{SURNAMES[i % 12]} {MIDDLE[i // 12 % 8]} {GIVEN[i // 96 % 12]}"


def province_and_districts():
    """The province (code "tn") and its districts (codes "d0" to "d8"), created."""
    from people.models import AdministrativeUnit

    province = AdministrativeUnit.objects.create(name="Tỉnh Thái Nguyên", code="tn", level="province")
    districts = [
        AdministrativeUnit.objects.create(name=name, code=f"d{i}", parent=province) for i, name in enumerate(DISTRICTS)
    ]
    return province, districts
