"""Vietnamese quizzes of the demo courses (``manage.py seed_demo``, see ``lms.demo.quizzes``).

One final quiz per demo course (``lms.demo.courses``), keyed by the course slug, and one
check of a single lesson. Every question is written from the lesson texts of its course, so
a learner who read the lessons can answer it. The quizzes' rules differ on purpose, so the
demo shows each feature once: a time limit, a limited number of attempts, a random draw of
questions in random order, feedback after each question, and an essay marked by a trainer.

Categories are a small tree, given as ``"Parent › Child"`` paths.
"""

CATEGORY_SEPARATOR = " › "

CATEGORIES = [
    "Chuyển đổi số",
    "Chuyển đổi số › Chủ trương, chính sách",
    "Chuyển đổi số › Thư viện số",
    "Số hóa",
    "Số hóa › Quy trình số hóa",
    "Số hóa › Siêu dữ liệu",
    "Số hóa › Lưu trữ, bảo quản số",
    "Dịch vụ bạn đọc",
    "Dịch vụ bạn đọc › Dịch vụ trực tuyến",
    "Dịch vụ bạn đọc › Bảo vệ dữ liệu cá nhân",
    "Bảo tàng",
    "Bảo tàng › Triển lãm số",
    "Bảo tàng › Giáo dục di sản",
    "Truyền thông",
    "Sự kiện học tập suốt đời",
]

TRUE, FALSE = "Đúng", "Sai"


def single(content, correct, *wrong, explanation, category=None):
    """Multiple choice: one correct answer (listed first here; each attempt shows the answers
    in its own order)."""
    return {
        "kind": "single",
        "content": content,
        "answers": [(correct, True)] + [(answer, False) for answer in wrong],
        "explanation": explanation,
        "category": category,
    }


def multiple(content, correct, wrong, explanation, category=None):
    """Multiple response: several correct answers, all of which must be ticked."""
    return {
        "kind": "multiple",
        "content": content,
        "answers": [(answer, True) for answer in correct] + [(answer, False) for answer in wrong],
        "explanation": explanation,
        "category": category,
    }


def true_false(content, is_true, explanation, category=None):
    return {
        "kind": "true_false",
        "content": content,
        "answers": [(TRUE, is_true), (FALSE, not is_true)],
        "explanation": explanation,
        "category": category,
    }


def essay(content, explanation, category=None):
    return {"kind": "essay", "content": content, "answers": [], "explanation": explanation, "category": category}


ALL_CORRECT = " (Chọn tất cả đáp án đúng.)"


# 1. Chuyển đổi số trong hoạt động thư viện: a time limit of 20 minutes --------------------------

QUIZ_DIGITAL_LIBRARY = {
    "course": "chuyen-doi-so-trong-hoat-dong-thu-vien",
    "title": "Kiểm tra cuối khóa: Chuyển đổi số trong hoạt động thư viện",
    "description": (
        "Bài kiểm tra gồm 10 câu hỏi về chủ trương chuyển đổi số ngành thư viện, thư viện số, phần mềm quản lý "
        "thư viện, biên mục và lập kế hoạch chuyển đổi số. Thời gian làm bài 20 phút, tính từ lúc bắt đầu; hết "
        "giờ, bài được nộp tự động với các câu đã trả lời. Được làm lại nhiều lần, tính lần có điểm cao nhất."
    ),
    "category": "Chuyển đổi số › Thư viện số",
    "rules": {"pass_mark": 70, "time_limit_minutes": 20},
    "success_text": (
        "Chúc mừng anh/chị đã đạt bài kiểm tra cuối khóa. Hãy bắt tay vào bản kế hoạch chuyển đổi số của đơn vị "
        "mình, bắt đầu từ một việc nhỏ mang lại kết quả trong ba tháng đầu."
    ),
    "fail_text": (
        "Anh/chị chưa đạt mức 70%. Hãy xem lại phần giải thích của từng câu, đọc lại bài 1 và bài 4 rồi làm lại "
        "bài kiểm tra."
    ),
    "questions": [
        single(
            "Văn bản nào của Thủ tướng Chính phủ phê duyệt “Chương trình chuyển đổi số ngành thư viện đến năm "
            "2025, định hướng đến năm 2030”?",
            "Quyết định số 206/QĐ-TTg ngày 11/02/2021",
            "Quyết định số 1520/QĐ-TTg ngày 09/12/2022",
            "Quyết định số 1862/QĐ-TTg ngày 04/11/2021",
            "Quyết định số 36/2005/QĐ-TTg ngày 24/02/2005",
            explanation=(
                "Chương trình được phê duyệt bằng Quyết định số 206/QĐ-TTg ngày 11/02/2021. Quyết định số "
                "1520/QĐ-TTg là về học tập suốt đời trong thư viện, bảo tàng, trung tâm văn hóa; Quyết định số "
                "1862/QĐ-TTg về Ngày Sách và Văn hóa đọc Việt Nam; Quyết định số 36/2005/QĐ-TTg về Ngày Di sản "
                "văn hóa Việt Nam."
            ),
            category="Chuyển đổi số › Chủ trương, chính sách",
        ),
        single(
            "Văn bản nào của UBND tỉnh Thái Nguyên triển khai Chương trình chuyển đổi số ngành thư viện trên địa "
            "bàn tỉnh?",
            "Kế hoạch số 188/KH-UBND ngày 21/10/2021",
            "Nghị định số 93/2020/NĐ-CP ngày 18/8/2020",
            "Quyết định số 874/QĐ-BTTTT ngày 17/6/2021",
            "Luật Thư viện năm 2019",
            explanation=(
                "Kế hoạch số 188/KH-UBND ngày 21/10/2021 của UBND tỉnh triển khai Chương trình trên địa bàn tỉnh; "
                "Mục III.3 của Kế hoạch thực hiện Quyết định số 1520/QĐ-TTg yêu cầu tiếp tục thực hiện kế hoạch này."
            ),
            category="Chuyển đổi số › Chủ trương, chính sách",
        ),
        true_false(
            "Luật Thư viện năm 2019 có hiệu lực từ ngày 01/7/2020.",
            True,
            explanation=(
                "Đúng. Luật Thư viện năm 2019 có hiệu lực từ ngày 01/7/2020; Điều 31 quy định về phát triển thư "
                "viện số, Điều 32 về hiện đại hóa thư viện."
            ),
            category="Chuyển đổi số › Chủ trương, chính sách",
        ),
        multiple(
            "Ở cấp một thư viện, chuyển đổi số dựa trên những trụ cột nào?" + ALL_CORRECT,
            [
                "Dữ liệu và tài nguyên số",
                "Nền tảng và dịch vụ số",
                "Con người: kỹ năng số của viên chức và kỹ năng thông tin của bạn đọc",
            ],
            ["Thay toàn bộ kho sách in bằng sách điện tử"],
            explanation=(
                "Ba trụ cột là dữ liệu và tài nguyên số, nền tảng và dịch vụ số, và con người. Thư viện số không "
                "thay thế thư viện truyền thống."
            ),
        ),
        single(
            "Với phần lớn thư viện cấp tỉnh, cấp huyện và thư viện trường học, mô hình nào phù hợp?",
            "Thư viện “lai”: kho sách in vẫn phục vụ, một phần tài nguyên và dịch vụ được đưa lên môi trường số",
            "Thư viện số hoàn toàn, thanh lý dần kho sách in",
            "Chỉ phục vụ sách in, chưa cần dịch vụ số",
            "Đưa toàn bộ tài liệu lên trang mạng xã hội của thư viện",
            explanation=(
                "Thư viện số không thay thế thư viện truyền thống. Mô hình “lai” giữ kho sách in cho đọc tại chỗ "
                "và cho mượn, đồng thời đưa một phần tài nguyên và dịch vụ lên môi trường số."
            ),
        ),
        true_false(
            "Thư viện được đưa toàn văn một cuốn sách còn trong thời hạn bảo hộ lên mạng, nếu chỉ để bạn đọc đọc "
            "miễn phí.",
            False,
            explanation=(
                "Sai. Cần sự đồng ý của chủ sở hữu quyền tác giả, dù phục vụ miễn phí. Khi chưa rõ tình trạng bản "
                "quyền, chỉ công bố biểu ghi thư mục hoặc cho đọc bản số tại máy trạm trong thư viện."
            ),
        ),
        single(
            "Giao thức nào cho phép tải biểu ghi có sẵn từ thư viện khác về phần mềm của đơn vị?",
            "Z39.50",
            "ISO 2709",
            "HTTPS",
            "ISO 8601",
            explanation=(
                "Z39.50 là giao thức tải biểu ghi từ thư viện khác. ISO 2709 là định dạng để xuất, nhập dữ liệu; "
                "HTTPS bảo mật trang web; ISO 8601 là cách ghi ngày tháng."
            ),
        ),
        single(
            "Trường MARC 21 nào ghi địa chỉ truy cập điện tử, dùng để liên kết biểu ghi với bản số?",
            "856",
            "245",
            "650",
            "082",
            explanation=(
                "Trường 856 ghi địa chỉ truy cập điện tử. Trường 245 là nhan đề, 650 là tiêu đề đề mục chủ đề, "
                "082 là chỉ số phân loại DDC."
            ),
            category="Số hóa › Siêu dữ liệu",
        ),
        multiple(
            "Khi so sánh các phần mềm quản lý thư viện, “tổng chi phí” trong khoảng năm năm gồm những khoản nào?"
            + ALL_CORRECT,
            ["Mua bản quyền hoặc thuê dịch vụ", "Chuyển đổi dữ liệu và đào tạo", "Bảo trì và máy chủ"],
            ["Kinh phí bổ sung sách in hằng năm"],
            explanation=(
                "Tổng chi phí gồm mua bản quyền hoặc thuê dịch vụ, triển khai, chuyển đổi dữ liệu, đào tạo, bảo "
                "trì, máy chủ, chứ không chỉ giá mua ban đầu. Kinh phí bổ sung sách là khoản khác."
            ),
        ),
        single(
            "Mục tiêu nào được viết đúng yêu cầu: cụ thể, đo được và có thời hạn?",
            "Đến ngày 31/12, hồi cố 5.000 biểu ghi sách địa chí và mở dịch vụ gia hạn trực tuyến",
            "Đẩy mạnh ứng dụng công nghệ thông tin trong mọi hoạt động của thư viện",
            "Từng bước hiện đại hóa thư viện theo hướng thư viện số",
            "Nâng cao chất lượng phục vụ bạn đọc trên môi trường số",
            explanation=(
                "Chỉ mục tiêu đầu tiên có con số và thời hạn để kiểm tra được là đã đạt hay chưa. Các câu còn lại "
                "là định hướng chung, không đo được."
            ),
        ),
    ],
}

# A check of the first lesson of the same course (not required to complete it).
LESSON_CHECK = {
    "course": "chuyen-doi-so-trong-hoat-dong-thu-vien",
    "lesson": "chu-truong-chuyen-doi-so-nganh-thu-vien",
    "title": "Kiểm tra nhanh: Chủ trương chuyển đổi số ngành thư viện",
    "description": (
        "Ba câu hỏi để tự kiểm tra sau bài 1. Đáp án và giải thích hiện ngay sau mỗi câu; kết quả không tính "
        "vào việc hoàn thành khóa học."
    ),
    "category": "Chuyển đổi số › Chủ trương, chính sách",
    "rules": {"pass_mark": 60, "feedback": "each_question", "required_for_completion": False},
    "success_text": "Anh/chị đã nắm được các văn bản chính. Mời học tiếp bài 2.",
    "fail_text": "Hãy đọc lại phần “Những văn bản cần nắm” và “Mục tiêu của Chương trình” của bài 1.",
    "questions": [
        single(
            "Theo bài học, chuyển đổi số ở thư viện trước hết là gì?",
            "Thay đổi cách thư viện tạo lập, tổ chức và cung cấp tri thức",
            "Mua thêm máy tính và phần mềm mới",
            "Thay kho sách in bằng sách điện tử",
            "Mở một trang mạng xã hội cho thư viện",
            explanation=(
                "Chuyển đổi số không đơn thuần là mua máy tính hay phần mềm, mà là thay đổi cách thư viện tạo "
                "lập, tổ chức và cung cấp tri thức."
            ),
        ),
        true_false(
            "Mục III.3 của Kế hoạch triển khai Quyết định số 1520/QĐ-TTg yêu cầu tiếp tục thực hiện Kế hoạch số "
            "188/KH-UBND và tổ chức đào tạo, đào tạo lại, bồi dưỡng để viên chức đáp ứng yêu cầu chuyển đổi số.",
            True,
            explanation="Đúng. Đây chính là căn cứ của khóa học này.",
        ),
        multiple(
            "Những nhóm nhiệm vụ nào thuộc Chương trình chuyển đổi số ngành thư viện?" + ALL_CORRECT,
            ["Phát triển dữ liệu số", "Bảo đảm an toàn, an ninh mạng", "Phát triển nguồn nhân lực"],
            ["Thay thế thư viện truyền thống bằng thư viện số"],
            explanation=(
                "Chương trình có tám nhóm nhiệm vụ, trong đó có phát triển dữ liệu số, bảo đảm an toàn, an ninh "
                "mạng và phát triển nguồn nhân lực. Thư viện số không thay thế thư viện truyền thống."
            ),
        ),
    ],
}


# 2. Số hóa tài liệu và xây dựng siêu dữ liệu: three attempts at most ---------------------------

QUIZ_DIGITISATION = {
    "course": "so-hoa-tai-lieu-va-xay-dung-sieu-du-lieu",
    "title": "Kiểm tra cuối khóa: Số hóa tài liệu và xây dựng siêu dữ liệu",
    "description": (
        "Bài kiểm tra gồm 10 câu hỏi về lựa chọn tài liệu, thông số quét, xử lý ảnh, siêu dữ liệu và lưu trữ "
        "số. Mỗi học viên được làm tối đa 3 lần; kết quả tính theo lần có điểm cao nhất. Cần đạt 80% để hoàn "
        "thành khóa học."
    ),
    "category": "Số hóa › Quy trình số hóa",
    "rules": {"pass_mark": 80, "attempts_allowed": 3},
    "success_text": (
        "Chúc mừng anh/chị đã đạt bài kiểm tra. Hãy dùng Bảng kiểm chất lượng số hóa tài liệu trong lần số hóa "
        "đầu tiên ở đơn vị."
    ),
    "fail_text": (
        "Anh/chị chưa đạt mức 80%. Bài kiểm tra chỉ được làm tối đa 3 lần: hãy xem lại phần giải thích và đọc "
        "lại các bài liên quan trước khi làm lần tiếp theo."
    ),
    "questions": [
        multiple(
            "Số hóa tài liệu có những mục đích chính nào?" + ALL_CORRECT,
            ["Bảo quản: giảm việc sử dụng bản gốc đang xuống cấp", "Mở rộng tiếp cận cho người ở xa, người bận rộn"],
            ["Thanh lý bản gốc sau khi quét để giải phóng kho", "Số hóa toàn bộ vốn tài liệu của thư viện"],
            explanation=(
                "Số hóa để bảo quản và mở rộng tiếp cận. Bản gốc vẫn được giữ; và vì số hóa tốn công, tiền, lại "
                "phải duy trì lâu dài, không thể và không nên số hóa tất cả."
            ),
        ),
        single(
            "Bộ sưu tập 200 cuốn, trung bình 150 trang mỗi cuốn. Quét thử cho thấy một người quét được 250 trang "
            "mỗi giờ. Riêng khâu quét cần khoảng bao nhiêu giờ công?",
            "120 giờ công",
            "60 giờ công",
            "200 giờ công",
            "750 giờ công",
            explanation=(
                "200 × 150 = 30.000 trang; 30.000 : 250 = 120 giờ công. Khâu xử lý ảnh và nhập siêu dữ liệu "
                "thường tốn thời gian tương đương hoặc hơn."
            ),
        ),
        single(
            "Thiết bị nào phù hợp nhất để số hóa sách đóng dày, không mở phẳng được?",
            "Máy quét sách trên cao có giá đỡ hình chữ V",
            "Máy quét phẳng, ép gáy sách xuống mặt kính",
            "Máy quét nạp giấy tự động",
            "Điện thoại cầm tay, chụp không cần giá đỡ",
            explanation=(
                "Máy quét sách trên cao, nhất là loại có giá đỡ hình chữ V, phù hợp sách đóng và tài liệu dễ hỏng. "
                "Máy quét phẳng chỉ dùng cho tờ rời, ảnh, tài liệu mỏng."
            ),
        ),
        single(
            "Độ phân giải khuyến nghị khi quét ảnh, bản đồ, bản vẽ, tài liệu viết tay là bao nhiêu?",
            "400-600 ppi",
            "72-96 ppi",
            "150-200 ppi",
            "300-400 ppi",
            explanation="Ảnh, bản vẽ, bản đồ, tài liệu viết tay: 400-600 ppi, màu 24 bit. Văn bản in: 300-400 ppi.",
        ),
        true_false(
            "Tệp gốc (master) nên lưu ở định dạng JPEG để tiết kiệm dung lượng.",
            False,
            explanation=(
                "Sai. Tệp gốc lưu trữ là TIFF không nén hoặc nén không mất dữ liệu, chỉ để lưu, không sửa. JPEG "
                "dùng cho bản phục vụ ảnh, tạo ra từ tệp gốc."
            ),
        ),
        single(
            "Tên tệp nào đúng quy tắc đặt tên của bài học?",
            "DC-2024-0015_0001.tif",
            "Nghe che Tan Cuong - trang 1.tif",
            "DC-2024-0015_1.tif",
            "Nghề chè Tân Cương (1).tif",
            explanation=(
                "Quy tắc: không dấu, không khoảng trắng; mã tài liệu, dấu gạch dưới và số trang bốn chữ số. Tên "
                "tệp đúng quy tắc giúp sắp xếp tự động và phát hiện trang thiếu."
            ),
        ),
        true_false(
            "Với tài liệu chữ Hán Nôm, chữ Nôm Tày hoặc viết tay, chỉ nên lưu ảnh và mô tả kỹ bằng siêu dữ liệu, "
            "không dùng kết quả OCR.",
            True,
            explanation=(
                "Đúng. OCR thông thường không đọc được các loại chữ này; hãy lưu ảnh và mô tả kỹ bằng siêu dữ liệu."
            ),
        ),
        single(
            "“Thứ tự trang, chương mục, quan hệ giữa các tệp của cùng một tài liệu” thuộc nhóm siêu dữ liệu nào?",
            "Siêu dữ liệu cấu trúc",
            "Siêu dữ liệu mô tả",
            "Siêu dữ liệu quản trị",
            "Từ vựng có kiểm soát",
            explanation=(
                "Siêu dữ liệu cấu trúc cho biết các phần của tài liệu ghép với nhau thế nào. Siêu dữ liệu mô tả "
                "giúp tìm và nhận biết tài liệu; siêu dữ liệu quản trị ghi thông số kỹ thuật, bản quyền, quyền "
                "truy cập."
            ),
            category="Số hóa › Siêu dữ liệu",
        ),
        multiple(
            "Nguyên tắc lưu trữ 3-2-1 yêu cầu những gì?" + ALL_CORRECT,
            ["Giữ ít nhất 3 bản sao", "Trên 2 loại phương tiện lưu trữ khác nhau", "1 bản đặt ở nơi khác"],
            ["Kiểm tra bản sao lưu 3 năm một lần"],
            explanation=(
                "3 bản sao, 2 loại phương tiện, 1 bản ở nơi khác. Bản sao lưu cần được thử khôi phục ít nhất mỗi "
                "năm một lần, và mã kiểm tra được kiểm tra định kỳ, ví dụ 6 tháng một lần."
            ),
            category="Số hóa › Lưu trữ, bảo quản số",
        ),
        single(
            "Mã kiểm tra (checksum, ví dụ SHA-256) của tệp gốc dùng để làm gì?",
            "Phát hiện tệp bị thay đổi hoặc hỏng khi kiểm tra định kỳ",
            "Nén tệp để giảm dung lượng lưu trữ",
            "Mã hóa tệp để người ngoài không mở được",
            "Đặt tên tệp tự động theo số trang",
            explanation=(
                "Mã kiểm tra là chuỗi ký tự tính từ nội dung tệp: chỉ một điểm ảnh thay đổi là chuỗi khác. Tính "
                "lại và so sánh để phát hiện tệp hỏng."
            ),
            category="Số hóa › Lưu trữ, bảo quản số",
        ),
    ],
}


# 3. Dịch vụ bạn đọc trực tuyến: the answer after each question ----------------------------------

QUIZ_ONLINE_SERVICES = {
    "course": "dich-vu-ban-doc-truc-tuyen",
    "title": "Kiểm tra cuối khóa: Dịch vụ bạn đọc trực tuyến",
    "description": (
        "Bài kiểm tra gồm 10 câu hỏi về dịch vụ trực tuyến, tra cứu OPAC, hỏi - đáp thông tin, giới thiệu sách "
        "và bảo vệ dữ liệu cá nhân của bạn đọc. Trả lời xong mỗi câu, anh/chị kiểm tra ngay được đáp án và giải "
        "thích; câu đã kiểm tra thì không sửa được nữa."
    ),
    "category": "Dịch vụ bạn đọc › Dịch vụ trực tuyến",
    "rules": {"pass_mark": 70, "feedback": "each_question"},
    "success_text": (
        "Chúc mừng anh/chị đã đạt bài kiểm tra. Hãy chọn hai hoặc ba dịch vụ bạn đọc của đơn vị cần nhất và làm "
        "thật tốt trong ba tháng tới."
    ),
    "fail_text": "Anh/chị chưa đạt mức 70%. Hãy đọc lại các bài có câu trả lời sai rồi làm lại bài kiểm tra.",
    "questions": [
        single(
            "Nguyên tắc “Không bỏ lại ai” khi thiết kế dịch vụ trực tuyến nghĩa là gì?",
            "Vẫn giữ kênh điện thoại và phục vụ tại chỗ cho người không dùng Internet, người cao tuổi, người "
            "khuyết tật",
            "Yêu cầu mọi bạn đọc cài ứng dụng của thư viện",
            "Mở cùng lúc tất cả các dịch vụ trực tuyến",
            "Chỉ phục vụ bạn đọc đã đăng ký thẻ trực tuyến",
            explanation=(
                "Dịch vụ trực tuyến bổ sung chứ không thay thế các kênh cũ: vẫn giữ điện thoại và phục vụ tại chỗ "
                "cho người không dùng Internet."
            ),
        ),
        single(
            "Để tìm đúng cụm từ chè Tân Cương trên OPAC, bạn đọc nên làm gì?",
            "Đặt cụm từ trong dấu ngoặc kép: “chè Tân Cương”",
            "Gõ từng từ vào các ô tìm kiếm khác nhau",
            "Viết hoa toàn bộ cụm từ",
            "Thêm dấu chấm than sau cụm từ",
            explanation=(
                "Dấu ngoặc kép tìm cụm từ chính xác. Có thể gõ có dấu hoặc không dấu, và lọc kết quả theo năm, "
                "loại tài liệu, kho, ngôn ngữ."
            ),
        ),
        single(
            "Chức năng nhắc hạn tự động nên gửi nhắc bạn đọc khi nào?",
            "Trước ngày đến hạn 2-3 ngày",
            "Ngay khi bạn đọc vừa mượn",
            "Đúng ngày đến hạn",
            "Sau khi tài liệu đã quá hạn một tuần",
            explanation="Nhiều bạn đọc quá hạn chỉ vì quên: nhắc trước ngày đến hạn 2-3 ngày qua e-mail hoặc tin nhắn.",
        ),
        true_false(
            "Khi bạn đọc quên mật khẩu, viên chức có thể đọc mật khẩu cho bạn đọc qua điện thoại sau khi hỏi họ tên.",
            False,
            explanation=(
                "Sai. Không bao giờ gửi mật khẩu qua tin nhắn hay đọc qua điện thoại: hướng dẫn bạn đọc dùng chức "
                "năng “Quên mật khẩu”, hoặc đặt lại tại quầy sau khi đối chiếu giấy tờ."
            ),
        ),
        single(
            "Trong quy trình hỏi - đáp năm bước, bước “Làm rõ nhu cầu” là gì?",
            "Hỏi lại bằng câu hỏi mở để biết bạn đọc cần thông tin để làm gì, ở mức nào",
            "Trả lời ngay bằng đường dẫn đầu tiên tìm được trên mạng",
            "Chuyển câu hỏi cho lãnh đạo đơn vị trả lời",
            "Ghi câu hỏi vào sổ và chờ bạn đọc hỏi lại",
            explanation=(
                "Câu hỏi đầu tiên thường chưa phải nhu cầu thật; hỏi lại, ví dụ “Anh chị cần thông tin này để làm "
                "gì?”, giúp trả lời đúng điều bạn đọc cần."
            ),
        ),
        single(
            "Bài học khuyến nghị xác nhận đã nhận câu hỏi trực tuyến của bạn đọc trong thời hạn nào?",
            "Trong vòng 1 giờ làm việc",
            "Trong 1-2 ngày làm việc",
            "Trong vòng 1 tuần",
            "Không cần xác nhận, chỉ cần trả lời",
            explanation=(
                "Xác nhận trong vòng 1 giờ làm việc; trả lời trong 1-2 ngày làm việc, câu hỏi cần nhiều thời gian "
                "thì báo bạn đọc thời hạn mới."
            ),
        ),
        multiple(
            "Một video giới thiệu sách ngắn tốt thường có những phần nào?" + ALL_CORRECT,
            [
                "Câu mở đầu gây chú ý",
                "Thông tin để mượn: ký hiệu xếp giá, thư viện nào có sách",
                "Lời mời đến thư viện, bình luận, chia sẻ",
            ],
            ["Kể hết phần kết của cuốn sách"],
            explanation=(
                "Bài giới thiệu có câu mở đầu gây chú ý, nội dung chính ngắn gọn nhưng không kể hết kết thúc, lý "
                "do nên đọc, thông tin để mượn và lời mời."
            ),
            category="Truyền thông",
        ),
        true_false(
            "Đọc toàn văn một cuốn sách còn thời hạn bảo hộ trên livestream là vi phạm quyền tác giả.",
            True,
            explanation=(
                "Đúng. Chỉ trích đọc đoạn ngắn để giới thiệu, ghi rõ tác giả và nhà xuất bản; muốn đọc dài phải xin "
                "phép chủ sở hữu quyền."
            ),
        ),
        single(
            "Luật Bảo vệ dữ liệu cá nhân (Luật số 91/2025/QH15) có hiệu lực từ ngày nào?",
            "01/01/2026",
            "01/7/2020",
            "01/7/2025",
            "01/01/2025",
            explanation="Luật số 91/2025/QH15 có hiệu lực từ ngày 01/01/2026.",
            category="Dịch vụ bạn đọc › Bảo vệ dữ liệu cá nhân",
        ),
        multiple(
            "Việc nào đúng khi xử lý dữ liệu cá nhân của bạn đọc?" + ALL_CORRECT,
            [
                "Chỉ thu thập dữ liệu cần cho việc phục vụ và nói rõ mục đích",
                "Phân quyền trên phần mềm theo đúng nhiệm vụ của từng người",
                "Báo ngay cho lãnh đạo đơn vị khi phát hiện lộ lọt dữ liệu",
            ],
            ["Cho người quen của bạn đọc xem lịch sử mượn khi họ hỏi"],
            explanation=(
                "Lịch sử mượn, lịch sử tìm kiếm là thông tin riêng tư: không cung cấp cho người khác, kể cả người "
                "quen của bạn đọc, khi không có căn cứ."
            ),
            category="Dịch vụ bạn đọc › Bảo vệ dữ liệu cá nhân",
        ),
    ],
}


# 4. Triển lãm số và tham quan ảo: 8 of 12 questions, drawn at random, in random order -----------

QUIZ_DIGITAL_EXHIBITION = {
    "course": "trien-lam-so-va-tham-quan-ao-cho-bao-tang",
    "title": "Kiểm tra cuối khóa: Triển lãm số và tham quan ảo cho bảo tàng",
    "description": (
        "Mỗi lần làm bài, hệ thống chọn ngẫu nhiên 8 câu trong ngân hàng 12 câu hỏi của khóa học và sắp xếp theo "
        "thứ tự ngẫu nhiên, nên hai lần làm bài không giống nhau. Cần đạt 75% (6/8 câu)."
    ),
    "category": "Bảo tàng › Triển lãm số",
    "rules": {"pass_mark": 75, "max_questions": 8, "random_order": True},
    "success_text": (
        "Chúc mừng anh/chị đã đạt bài kiểm tra. Hãy bắt đầu từ những tư liệu bảo tàng đã có: một triển lãm "
        "trực tuyến 20-30 hiện vật có thể hoàn thành trong vài tuần."
    ),
    "fail_text": (
        "Anh/chị chưa đạt mức 75%. Lần làm sau sẽ có bộ câu hỏi khác; hãy đọc lại các bài học trước khi làm lại."
    ),
    "questions": [
        single(
            "Theo bài học, nên coi triển lãm số là gì?",
            "Lời mời đến bảo tàng, không phải vật thay thế bảo tàng",
            "Vật thay thế cho trưng bày tại bảo tàng",
            "Kho lưu trữ hồ sơ khoa học hiện vật",
            "Hình thức chỉ dành cho khách du lịch nước ngoài",
            explanation=(
                "Triển lãm số không thay được trải nghiệm đứng trước hiện vật thật; nó mời người xem đến bảo tàng."
            ),
        ),
        multiple(
            "Những hình thức nào là trưng bày, giới thiệu di sản trên nền tảng số?" + ALL_CORRECT,
            ["Tham quan ảo 360 độ", "Thuyết minh qua mã QR", "Số hóa 3D hiện vật"],
            ["Trưng bày hiện vật gốc ngoài trời không có mái che"],
            explanation=(
                "Các hình thức phổ biến: triển lãm trực tuyến, tham quan ảo 360 độ, số hóa 3D, thuyết minh qua mã "
                "QR, màn hình tương tác, trưng bày lưu động kết hợp màn hình."
            ),
        ),
        single(
            "Một triển lãm trực tuyến vừa phải có khoảng bao nhiêu hiện vật?",
            "20-40 hiện vật",
            "5-10 hiện vật",
            "100-150 hiện vật",
            "Càng nhiều càng tốt",
            explanation="Nhiều hơn thì người xem mệt, ít hơn thì câu chuyện dễ rời rạc.",
        ),
        single(
            "Thuyết minh cho mỗi hiện vật trong triển lãm số nên dài khoảng bao nhiêu?",
            "80-150 từ",
            "20-30 từ",
            "300-500 từ",
            "Không giới hạn, càng chi tiết càng tốt",
            explanation=(
                "80-150 từ: tên, chất liệu, kích thước, niên đại, nơi sưu tầm, và quan trọng nhất là câu chuyện "
                "của hiện vật; câu ngắn, tránh thuật ngữ."
            ),
        ),
        true_false(
            "Ảnh, video, âm thanh không do bảo tàng tạo ra chỉ được dùng trong triển lãm số khi có sự đồng ý bằng "
            "văn bản của chủ sở hữu.",
            True,
            explanation="Đúng. Cần sự đồng ý bằng văn bản của chủ sở hữu quyền.",
        ),
        single(
            "Khi giới thiệu hiện vật gắn với tín ngưỡng, nghi lễ (ví dụ đồ dùng trong nghi lễ Then của người Tày), "
            "bảo tàng nên làm gì?",
            "Tham vấn nghệ nhân, người cao tuổi trong cộng đồng về cách giới thiệu phù hợp",
            "Chỉ đăng ảnh, không cần thuyết minh",
            "Tự viết thuyết minh theo tài liệu sưu tầm trên mạng",
            "Không bao giờ đưa những hiện vật này vào triển lãm số",
            explanation="Cộng đồng chủ thể của di sản cần được tham vấn về cách giới thiệu phù hợp.",
            category="Bảo tàng › Giáo dục di sản",
        ),
        single(
            "Các điểm đứng chụp ảnh 360 độ trong phòng trưng bày thường cách nhau bao xa?",
            "3-5 m, sao cho từ điểm này nhìn thấy điểm kế tiếp",
            "0,5-1 m",
            "10-15 m",
            "Chỉ cần một điểm ở giữa mỗi phòng",
            explanation=(
                "Đặt điểm chụp cách nhau 3-5 m, ở lối vào mỗi phòng, giữa phòng và trước những hiện vật chính."
            ),
        ),
        single(
            "Nên đặt máy ảnh 360 độ ở độ cao nào?",
            "Khoảng 1,5-1,6 m, ngang tầm mắt người lớn, giữ cùng độ cao cho mọi điểm",
            "Sát sàn nhà để thấy toàn bộ trần",
            "Trên 2,5 m để bao quát cả phòng",
            "Thay đổi độ cao theo từng hiện vật",
            explanation="Ngang tầm mắt người lớn, cùng độ cao ở mọi điểm, để người xem không bị hẫng khi di chuyển.",
        ),
        true_false(
            "Có thể dùng đèn flash mạnh với hàng dệt, giấy, ảnh cũ nếu chụp thật nhanh.",
            False,
            explanation=(
                "Sai. Không dùng đèn flash hay đèn chiếu mạnh kéo dài với hiện vật nhạy sáng; di chuyển hiện vật "
                "phải do viên chức phụ trách bảo quản thực hiện hoặc đồng ý."
            ),
        ),
        multiple(
            "Bài học nêu những thư viện mã nguồn mở nào để dựng tour tham quan ảo?" + ALL_CORRECT,
            ["Pannellum", "Marzipano"],
            ["Koha", "DSpace"],
            explanation=(
                "Pannellum và Marzipano dựng tour ảo. Koha là phần mềm quản lý thư viện, DSpace là phần mềm thư "
                "viện số."
            ),
        ),
        single(
            "Ngày Quốc tế Bảo tàng là ngày nào?",
            "18/5",
            "21/4",
            "23/11",
            "23/4",
            explanation=(
                "18/5, do Hội đồng Bảo tàng Quốc tế (ICOM) khởi xướng. 21/4 là Ngày Sách và Văn hóa đọc Việt Nam, "
                "23/11 là Ngày Di sản văn hóa Việt Nam, 23/4 là Ngày Sách và Bản quyền thế giới."
            ),
            category="Sự kiện học tập suốt đời",
        ),
        single(
            "Bài học gợi ý giáo viên dùng tour tham quan ảo trong tiết học như thế nào?",
            "10-15 phút xem tour theo phiếu học tập, sau đó thảo luận",
            "Cho học sinh xem tour trọn buổi thay cho tiết học",
            "Chỉ gửi đường dẫn để học sinh tự xem ở nhà",
            "Dùng tour ảo thay cho chuyến tham quan trực tiếp",
            explanation=(
                "Phiếu học tập theo lứa tuổi, 10-15 phút xem tour rồi thảo luận; sau đó mời lớp đến tham quan "
                "trực tiếp để so sánh."
            ),
            category="Bảo tàng › Giáo dục di sản",
        ),
    ],
}


# 5. Tổ chức sự kiện học tập suốt đời: an essay, marked by the trainer ----------------------------

QUIZ_LIFELONG_EVENTS = {
    "course": "to-chuc-su-kien-hoc-tap-suot-doi",
    "title": "Kiểm tra cuối khóa: Tổ chức sự kiện học tập suốt đời",
    "description": (
        "Bài kiểm tra gồm 10 câu trắc nghiệm và 1 câu tự luận: lập dàn ý kế hoạch tổ chức Ngày Sách và Văn hóa "
        "đọc Việt Nam tại đơn vị. Phần trắc nghiệm được chấm ngay; câu tự luận do giảng viên chấm, thường trong "
        "vòng ba ngày làm việc, sau đó mới có kết quả cuối cùng."
    ),
    "category": "Sự kiện học tập suốt đời",
    "rules": {"pass_mark": 70},
    "success_text": (
        "Chúc mừng anh/chị đã đạt bài kiểm tra. Dàn ý kế hoạch vừa viết là bản nháp tốt cho sự kiện sắp tới của đơn vị."
    ),
    "fail_text": (
        "Anh/chị chưa đạt mức 70%. Hãy đọc nhận xét của giảng viên, xem lại Sổ tay hướng dẫn tổ chức Ngày Sách và "
        "Văn hóa đọc Việt Nam rồi làm lại bài."
    ),
    "questions": [
        single(
            "Ngày Sách và Văn hóa đọc Việt Nam là ngày nào?",
            "21/4",
            "23/4",
            "18/5",
            "23/11",
            explanation=(
                "21/4. Hai ngày sau, 23/4, là Ngày Sách và Bản quyền thế giới do UNESCO khởi xướng; nhiều nơi tổ "
                "chức kết hợp thành một tuần hoặc một tháng hoạt động."
            ),
        ),
        single(
            "Văn bản nào về tổ chức Ngày Sách và Văn hóa đọc Việt Nam thay thế Quyết định số 284/QĐ-TTg năm 2014?",
            "Quyết định số 1862/QĐ-TTg ngày 04/11/2021",
            "Quyết định số 206/QĐ-TTg ngày 11/02/2021",
            "Quyết định số 1520/QĐ-TTg ngày 09/12/2022",
            "Quyết định số 36/2005/QĐ-TTg ngày 24/02/2005",
            explanation=(
                "Quyết định số 1862/QĐ-TTg ngày 04/11/2021. Tên gọi mới nhấn mạnh việc phát triển thói quen và văn "
                "hóa đọc, không chỉ tôn vinh sách."
            ),
        ),
        true_false(
            "Ngày Di sản văn hóa Việt Nam 23/11 gắn với Sắc lệnh số 65/SL do Chủ tịch Hồ Chí Minh ký ngày 23/11/1945.",
            True,
            explanation=(
                "Đúng. Sắc lệnh số 65/SL là sắc lệnh đầu tiên của Nhà nước ta về bảo tồn di sản văn hóa dân tộc; "
                "Quyết định số 36/2005/QĐ-TTg lấy ngày 23/11 hằng năm là Ngày Di sản văn hóa Việt Nam."
            ),
        ),
        single(
            "Tuần lễ hưởng ứng học tập suốt đời thường được tổ chức vào thời gian nào?",
            "Đầu tháng 10 (thường từ ngày 01 đến 07/10)",
            "Tuần cuối tháng 4",
            "Giữa tháng 5",
            "Cuối tháng 11",
            explanation="Đầu tháng 10, thường từ ngày 01 đến 07/10.",
        ),
        single(
            "Trong các di sản được bài học giới thiệu, di sản nào được UNESCO ghi danh năm 2019 là di sản văn hóa "
            "phi vật thể đại diện của nhân loại?",
            "Thực hành Then của người Tày, Nùng, Thái ở Việt Nam",
            "Hát soọng cô của người Sán Dìu",
            "Nghề làm chè và văn hóa trà Thái Nguyên",
            "Hát sli của người Nùng",
            explanation="Thực hành Then của người Tày, Nùng, Thái ở Việt Nam được UNESCO ghi danh năm 2019.",
            category="Bảo tàng › Giáo dục di sản",
        ),
        single(
            "Theo lịch đăng bài mẫu, bài nhắc lịch, chỉ đường, nơi gửi xe nên đăng khi nào?",
            "Trước 3 ngày",
            "Trước 14 ngày",
            "Trước 7 ngày",
            "Sau 1 ngày",
            explanation=(
                "Trước 14 ngày: thông báo; trước 7 ngày: giới thiệu khách mời, hoạt động; trước 3 ngày: nhắc lịch, "
                "chỉ đường; trong ngày: ảnh, video; sau 1 ngày: tổng kết, cảm ơn."
            ),
            category="Truyền thông",
        ),
        multiple(
            "Với tài khoản mạng xã hội chính thức của đơn vị, bài học yêu cầu những gì?" + ALL_CORRECT,
            ["Có ít nhất hai người quản trị", "Bật xác thực hai lớp"],
            ["Dùng tài khoản cá nhân của lãnh đạo để đăng thay", "Đăng ảnh trẻ em cận mặt để tăng tương tác"],
            explanation=(
                "Ít nhất hai người quản trị, bật xác thực hai lớp, không dùng tài khoản cá nhân để đăng thay, không "
                "đăng ảnh trẻ em cận mặt khi chưa có sự đồng ý của cha mẹ."
            ),
            category="Truyền thông",
        ),
        single(
            "Bộ Quy tắc ứng xử trên mạng xã hội được ban hành kèm văn bản nào?",
            "Quyết định số 874/QĐ-BTTTT ngày 17/6/2021",
            "Kế hoạch số 188/KH-UBND ngày 21/10/2021",
            "Nghị định số 93/2020/NĐ-CP ngày 18/8/2020",
            "Quyết định số 1862/QĐ-TTg ngày 04/11/2021",
            explanation=(
                "Quyết định số 874/QĐ-BTTTT ngày 17/6/2021, với các nguyên tắc tôn trọng, lành mạnh, an toàn và bảo "
                "mật thông tin, trách nhiệm."
            ),
            category="Truyền thông",
        ),
        true_false(
            "Cộng tác viên, tình nguyện viên tham gia tổ chức sự kiện được thống kê chung với viên chức, người lao "
            "động trong báo cáo.",
            False,
            explanation=(
                "Sai. Số cộng tác viên, tình nguyện viên được thống kê riêng với số viên chức, người lao động."
            ),
        ),
        single(
            "Kết quả cả năm được tổng hợp gửi Sở Văn hóa, Thể thao và Du lịch trước ngày nào?",
            "Ngày 30 tháng 11 hằng năm",
            "Ngày 31 tháng 12 hằng năm",
            "Ngày 15 tháng 10 hằng năm",
            "Ngày 30 tháng 6 hằng năm",
            explanation="Trước ngày 30 tháng 11 hằng năm; số liệu của mỗi sự kiện nên được ghi ngay khi tổ chức xong.",
        ),
        essay(
            "Hãy lập dàn ý kế hoạch tổ chức Ngày Sách và Văn hóa đọc Việt Nam (21/4) tại đơn vị của anh/chị, khoảng "
            "150-250 từ: mục đích, hai hoặc ba hoạt động chính, phân công, kênh và lịch truyền thông, những số liệu "
            "sẽ thu để báo cáo.",
            explanation=(
                "Bài đạt yêu cầu nêu được: mục đích gắn với phát triển văn hóa đọc; hoạt động phù hợp với cấp và "
                "bạn đọc của đơn vị; phân công theo tổ (nội dung, truyền thông, hậu cần, tình nguyện viên); lịch "
                "truyền thông trước, trong và sau sự kiện; số liệu: số hoạt động, lượt người tham gia (trong đó "
                "thiếu nhi, học sinh), sách trưng bày, luân chuyển, số viên chức và số cộng tác viên, tình nguyện "
                "viên (thống kê riêng)."
            ),
        ),
    ],
}

FINAL_QUIZZES = [
    QUIZ_DIGITAL_LIBRARY,
    QUIZ_DIGITISATION,
    QUIZ_ONLINE_SERVICES,
    QUIZ_DIGITAL_EXHIBITION,
    QUIZ_LIFELONG_EVENTS,
]
LESSON_CHECKS = [LESSON_CHECK]


# Learners' essays and the trainer's feedback ------------------------------------------------------

# Good answers (marked 0.75-1) and thin ones (0.25-0.5).
ESSAYS_GOOD = [
    (
        "Mục đích: khuyến khích thiếu nhi và người dân trong xã đến thư viện, hình thành thói quen đọc. Hoạt động: "
        "(1) góc đọc cho thiếu nhi sáng chủ nhật, đọc truyện cùng cha mẹ; (2) đổi sách cũ lấy sách mới và quyên "
        "góp sách cho tủ sách điểm bưu điện - văn hóa xã; (3) giới thiệu sách kỹ thuật trồng chè qua loa truyền "
        "thanh thôn. Phân công: tổ nội dung chọn sách và trưng bày; tổ truyền thông đăng bài; tổ hậu cần lo địa "
        "điểm, âm thanh; tình nguyện viên là đoàn viên thanh niên hỗ trợ đón tiếp thiếu nhi. Truyền thông: trang "
        "của thư viện và nhóm tin nhắn của thôn, trước 14 ngày, 7 ngày, 3 ngày, đăng ảnh trong ngày và bài tổng "
        "kết sau 1 ngày. Số liệu: số hoạt động, lượt người tham gia (trong đó thiếu nhi), số sách trưng bày và "
        "quyên góp, số viên chức và số tình nguyện viên (thống kê riêng), lượt xem bài đăng."
    ),
    (
        "Đơn vị tôi là thư viện huyện. Mục đích là tôn vinh sách, lan tỏa văn hóa đọc trong học sinh. Tôi dự "
        "kiến ba hoạt động: trưng bày sách địa chí về Thái Nguyên, ngày hội đọc sách tại trường tiểu học của "
        "thị trấn, và luân chuyển 300 cuốn sách xuống thư viện xã. Trưởng ban là phó giám đốc; tổ nội dung hai "
        "viên chức; tổ truyền thông một viên chức trực trang mạng xã hội; tổ hậu cần phối hợp nhà trường. Lịch "
        "chuẩn bị theo bảng kiểm của Sổ tay: trước 6 tuần lập kế hoạch, trước 2 tuần thông báo. Cuối cùng thu "
        "số lượt tham gia, số học sinh, số sách luân chuyển, số cộng tác viên, ảnh tư liệu và ý kiến người tham "
        "gia để viết báo cáo gửi phòng Văn hóa."
    ),
    (
        "Kế hoạch Ngày Sách tại trung tâm học tập cộng đồng xã: mục đích giúp bà con tìm được sách hữu ích cho "
        "sản xuất và cho con cháu đọc. Hoạt động chính là góc đọc thiếu nhi và buổi giới thiệu sách chăn nuôi, "
        "phòng chống thiên tai do cán bộ khuyến nông trình bày. Phân công: tôi phụ trách chung, hai cộng tác viên "
        "đón tiếp và ghi sổ đăng ký, Đoàn Thanh niên hỗ trợ dọn dẹp. Thông báo qua loa truyền thanh và nhóm tin "
        "nhắn của các thôn trước một tuần và nhắc lại trước ba ngày. Số liệu thu ngay trong ngày bằng sổ đăng ký: "
        "số người tham gia, số trẻ em, số sách giới thiệu, số cộng tác viên tham gia."
    ),
]
ESSAYS_THIN = [
    (
        "Tổ chức trưng bày sách ở sảnh thư viện, mời học sinh đến đọc. Đăng thông báo lên mạng xã hội. Sau đó "
        "viết báo cáo gửi cấp trên."
    ),
    (
        "Ngày 21/4 là Ngày Sách và Văn hóa đọc Việt Nam. Đơn vị sẽ tổ chức một buổi lễ phát động, mời lãnh đạo "
        "phát biểu và tặng sách cho các cháu thiếu nhi."
    ),
]
ESSAYS_PENDING = ESSAYS_GOOD[:2] + ESSAYS_THIN[:1]

FEEDBACK_GOOD = [
    "Dàn ý đầy đủ, hoạt động phù hợp với bạn đọc của đơn vị và có số liệu báo cáo rõ ràng. Rất tốt.",
    "Bài làm tốt. Nên ghi thêm phương án khi trời mưa và người phụ trách an toàn cho thiếu nhi.",
    "Đạt yêu cầu. Phần phân công rõ ràng; phần truyền thông nên ghi rõ lịch đăng bài trước 14, 7 và 3 ngày.",
]
FEEDBACK_THIN = [
    "Bài còn sơ sài: chưa có phân công, lịch truyền thông và danh mục số liệu cần thu. Xem lại Sổ tay hướng dẫn "
    "và bài 5 rồi làm lại.",
    "Mới nêu hoạt động, chưa có mục đích, phân công và số liệu báo cáo (thống kê riêng viên chức và cộng tác "
    "viên). Anh/chị làm lại nhé.",
]
