"""Vietnamese texts of the demo courses (``manage.py seed_demo``).

Lesson bodies are written in a small plain-text markup, turned into StreamField data by
``lesson_body()`` so the texts stay readable here:

- blocks are separated by blank lines;
- ``## Heading`` is a heading block;
- ``[tip] ...``, ``[info] ...``, ``[warning] ...`` start a highlighted note (the rest of the block);
- ``[image key] caption`` and ``[document key] link text`` insert an image or a document
  (keys of ``IMAGES`` and ``DOCUMENTS``; the command swaps in the database ids);
- anything else is rich text: lines starting with ``- `` or ``1. `` are list items (indent
  continuation lines), other lines are paragraphs; ``<b>`` and ``<i>`` may be used inline.
  Consecutive rich-text blocks become one ``paragraph`` block.

Facts and dates are those of the legal texts cited; check them again before reusing a
lesson outside the demo.
"""

import re
import textwrap

NOTE_RE = re.compile(r"^\[(tip|info|warning)\]\s*")
EMBED_RE = re.compile(r"^\[(image|document) ([\w-]+)\]\s*(.*)$", re.DOTALL)
ORDERED_RE = re.compile(r"^\d+\.\s+")


def rich_text(source):
    """Plain-text markup → rich-text HTML (paragraphs and lists only)."""
    html, items, list_tag, paragraph = [], [], None, []

    def flush_paragraph():
        if paragraph:
            html.append(f"<p>{' '.join(paragraph)}</p>")
            paragraph.clear()

    def flush_list():
        nonlocal list_tag
        if items:
            html.append(f"<{list_tag}>" + "".join(f"<li>{item}</li>" for item in items) + f"</{list_tag}>")
            items.clear()
        list_tag = None

    for raw_line in textwrap.dedent(source).strip().splitlines():
        line = raw_line.strip()
        if not line:
            flush_paragraph()
            flush_list()
            continue
        tag = "ul" if line.startswith("- ") else "ol" if ORDERED_RE.match(line) else None
        if tag:
            flush_paragraph()
            if list_tag != tag:
                flush_list()
                list_tag = tag
            items.append(line[2:] if tag == "ul" else ORDERED_RE.sub("", line))
        elif items and raw_line.startswith("  "):
            items[-1] += " " + line
        else:
            flush_list()
            paragraph.append(line)
    flush_paragraph()
    flush_list()
    return "".join(html)


def lesson_body(source):
    """Plain-text markup → StreamField raw data (a list of ``{"type", "value"}`` dicts)."""
    blocks, pending = [], []

    def flush_rich_text():
        if pending:
            blocks.append({"type": "paragraph", "value": rich_text("\n\n".join(pending))})
            pending.clear()

    for chunk in re.split(r"\n\s*\n", textwrap.dedent(source).strip()):
        chunk = chunk.strip()
        note, embed = NOTE_RE.match(chunk), EMBED_RE.match(chunk)
        if chunk.startswith("## "):
            flush_rich_text()
            blocks.append({"type": "heading", "value": chunk[3:].strip()})
        elif note:
            flush_rich_text()
            blocks.append({"type": "note", "value": {"kind": note.group(1), "text": rich_text(chunk[note.end() :])}})
        elif embed:
            flush_rich_text()
            kind, key, text = embed.groups()
            label = "caption" if kind == "image" else "title"
            blocks.append({"type": kind, "value": {kind: key, label: " ".join(text.split())}})
        else:
            pending.append(chunk)
    flush_rich_text()
    return blocks


INDEX = {
    "slug": "khoa-hoc",
    "title": "Khóa học",
    "intro": rich_text(
        """
        Các khóa bồi dưỡng trực tuyến dành cho viên chức, người lao động và cộng tác viên của thư viện,
        bảo tàng, trung tâm văn hóa trên địa bàn tỉnh Thái Nguyên, thực hiện Kế hoạch triển khai Quyết định
        số 1520/QĐ-TTg ngày 09/12/2022 của Thủ tướng Chính phủ về đẩy mạnh các hoạt động phục vụ học tập suốt
        đời trong thư viện, bảo tàng, trung tâm văn hóa đến năm 2030.

        Học theo tốc độ của mình, trên máy tính hoặc điện thoại; kết quả hoàn thành được ghi nhận để đơn vị
        tổng hợp báo cáo hằng năm.
        """
    ),
}

# Generated pictures (the command draws them with Pillow). ``motif`` picks the drawing.
IMAGES = {
    "cover-chuyen-doi-so": {
        "title": "Ảnh bìa - Chuyển đổi số trong hoạt động thư viện",
        "motif": "grid",
        "colours": ("#0b3d5c", "#1f8a9e", "#f2c14e"),
    },
    "cover-so-hoa": {
        "title": "Ảnh bìa - Số hóa tài liệu và xây dựng siêu dữ liệu",
        "motif": "pages",
        "colours": ("#3b2f5c", "#7a5ea8", "#f4e9d8"),
    },
    "cover-ban-doc": {
        "title": "Ảnh bìa - Dịch vụ bạn đọc trực tuyến",
        "motif": "bubbles",
        "colours": ("#0f5c3f", "#3fa36b", "#f6f1c1"),
    },
    "cover-trien-lam": {
        "title": "Ảnh bìa - Triển lãm số và tham quan ảo cho bảo tàng",
        "motif": "arches",
        "colours": ("#5c1f1f", "#b5533c", "#f3d9b1"),
    },
    "cover-su-kien": {
        "title": "Ảnh bìa - Tổ chức sự kiện học tập suốt đời",
        "motif": "confetti",
        "colours": ("#1d2b64", "#c0392b", "#f8d568"),
    },
    "so-do-quy-trinh-so-hoa": {
        "title": "Sơ đồ quy trình số hóa tài liệu",
        "motif": "steps",
        "colours": ("#f7f4ee", "#7a5ea8", "#3b2f5c"),
    },
    "so-do-diem-chup-360": {
        "title": "Sơ đồ điểm đứng chụp ảnh 360 độ",
        "motif": "floorplan",
        "colours": ("#f7f1e8", "#b5533c", "#5c1f1f"),
    },
}


HANDBOOK_READING_DAY = """\
SỔ TAY HƯỚNG DẪN TỔ CHỨC NGÀY SÁCH VÀ VĂN HÓA ĐỌC VIỆT NAM (21/4)
Dùng cho thư viện, trung tâm văn hóa, trung tâm học tập cộng đồng, điểm bưu điện - văn hóa xã
và thư viện trường học trên địa bàn tỉnh Thái Nguyên

Tài liệu bồi dưỡng, biên soạn theo Kế hoạch của UBND tỉnh triển khai Quyết định số 1520/QĐ-TTg
ngày 09/12/2022 (mục III.3: biên soạn tài liệu hướng dẫn phương pháp, kỹ năng tổ chức các hoạt
động phục vụ học tập suốt đời). Mỗi năm, đơn vị cần đối chiếu với kế hoạch và hướng dẫn mới nhất
của Bộ Văn hóa, Thể thao và Du lịch và Sở Văn hóa, Thể thao và Du lịch.


1. MỤC ĐÍCH, Ý NGHĨA

- Khuyến khích và phát triển phong trào đọc trong cộng đồng, nâng cao nhận thức về vai trò của sách
  và văn hóa đọc đối với việc học tập suốt đời.
- Tôn vinh người viết, người xuất bản, người phát hành, người đọc và những người làm công tác thư viện.
- Thu hút người dân, nhất là thiếu nhi, học sinh, đến với thư viện và các điểm đọc tại cơ sở.

2. CĂN CỨ

- Quyết định số 1862/QĐ-TTg ngày 04/11/2021 của Thủ tướng Chính phủ về tổ chức Ngày Sách và Văn hóa
  đọc Việt Nam (ngày 21/4 hằng năm), thay thế Quyết định số 284/QĐ-TTg ngày 24/02/2014 về Ngày Sách
  Việt Nam.
- Luật Thư viện năm 2019.
- Kế hoạch của UBND tỉnh Thái Nguyên (tháng 8/2023) triển khai Quyết định số 1520/QĐ-TTg.
- Kế hoạch năm của Sở Văn hóa, Thể thao và Du lịch và của UBND cấp huyện, cấp xã.

3. THỜI GIAN, ĐỊA ĐIỂM, QUY MÔ

- Thời gian: hoạt động chính vào ngày 21/4; có thể kéo dài thành "Tuần lễ" hoặc "Tháng" sách, kết hợp
  Ngày Sách và Bản quyền thế giới 23/4.
- Địa điểm: thư viện, nhà văn hóa, sân trường, chợ phiên, điểm bưu điện - văn hóa xã; chọn nơi đông
  người qua lại, có mái che hoặc phương án khi trời mưa.
- Quy mô: phù hợp nguồn lực. Một ngày hội nhỏ làm chu đáo tốt hơn một chương trình lớn thiếu chuẩn bị.

4. GỢI Ý HOẠT ĐỘNG THEO CẤP

Cấp tỉnh (Thư viện tỉnh, Trung tâm Văn hóa Nghệ thuật tỉnh):
- Lễ phát động, trưng bày sách theo chủ đề năm, giới thiệu tài liệu địa chí Thái Nguyên.
- Giao lưu tác giả, nhà nghiên cứu, nhân vật truyền cảm hứng; tọa đàm về văn hóa đọc.
- Phát động cuộc thi Đại sứ Văn hóa đọc, thi giới thiệu sách, kể chuyện theo sách.
- Xe thư viện lưu động phục vụ các xã vùng sâu, vùng xa.

Cấp huyện, thành phố (Thư viện, Trung tâm Văn hóa - Thể thao - Truyền thông):
- Ngày hội đọc sách tại trường học, đổi sách cũ lấy sách mới, quyên góp sách cho tủ sách cơ sở.
- Chuyên mục phát thanh, truyền hình, bài đăng trên trang thông tin điện tử và mạng xã hội.
- Luân chuyển sách xuống thư viện xã, thư viện cộng đồng, điểm bưu điện - văn hóa xã.

Cấp xã, thôn, bản (thư viện xã, trung tâm học tập cộng đồng, điểm bưu điện - văn hóa xã):
- Góc đọc cho thiếu nhi, đọc truyện cho trẻ cùng cha mẹ, ông bà.
- Giới thiệu sách kỹ thuật trồng trọt, chăn nuôi, làm chè, phòng chống thiên tai.
- Nghe đọc sách qua loa truyền thanh cơ sở; giới thiệu sách bằng tiếng dân tộc nếu có người đọc.

Trường học:
- Tiết đọc thư viện, thi vẽ tranh, đóng kịch theo tác phẩm, viết cảm nhận.
- Phối hợp với thư viện công cộng mượn sách luân chuyển, tổ chức buổi học tại thư viện.

5. LỊCH CHUẨN BỊ (BẢNG KIỂM)

Trước 6 tuần:
[ ] Xây dựng kế hoạch, dự toán, trình lãnh đạo phê duyệt.
[ ] Chọn chủ đề, hình thức, địa điểm; dự kiến số người tham gia.
Trước 4 tuần:
[ ] Mời khách, tác giả, đơn vị phối hợp (trường học, Đoàn Thanh niên, Hội Khuyến học...).
[ ] Lập danh mục sách trưng bày, chuẩn bị sách luân chuyển, phần thưởng.
[ ] Tuyển và phân công tình nguyện viên, cộng tác viên.
Trước 2 tuần:
[ ] Phát hành thông báo, đăng bài trên trang thông tin điện tử, mạng xã hội, loa truyền thanh.
[ ] Thiết kế, in ấn phông, biển chỉ dẫn, phiếu đăng ký, phiếu khảo sát (mã QR).
Trước 1 tuần:
[ ] Kiểm tra âm thanh, ánh sáng, điện, mạng; phương án khi mưa.
[ ] Tổng duyệt chương trình; phân công người dẫn, người chụp ảnh, người ghi số liệu.
Ngày tổ chức:
[ ] Đón khách, đăng ký người tham gia, hướng dẫn chỗ ngồi, chỗ để xe.
[ ] Ghi hình, chụp ảnh (xin phép trước khi chụp trẻ em cận mặt), đăng tin ngay trong ngày.
Sau 1 tuần:
[ ] Trả sách, thu dọn, thanh quyết toán.
[ ] Gửi thư cảm ơn; tổng hợp số liệu, viết báo cáo, rút kinh nghiệm.

6. PHÂN CÔNG GỢI Ý

- Trưởng ban tổ chức: lãnh đạo đơn vị, duyệt kế hoạch, nội dung phát biểu.
- Tổ nội dung: chọn sách, chuẩn bị trưng bày, kịch bản chương trình.
- Tổ truyền thông: thông báo, bài viết, ảnh, video, trực trang mạng xã hội.
- Tổ hậu cần: địa điểm, âm thanh, ánh sáng, an toàn, nước uống.
- Tổ tình nguyện viên: đón tiếp, hướng dẫn, hỗ trợ thiếu nhi và người cao tuổi.

7. TRUYỀN THÔNG

- Dùng một thông điệp ngắn và một hashtag thống nhất trong toàn tỉnh.
- Đăng bài theo lịch: trước 14 ngày (thông báo), trước 7 ngày (giới thiệu hoạt động), trước 3 ngày
  (nhắc lịch), trong ngày (ảnh, livestream), sau 1 ngày (tổng kết, cảm ơn).
- Ghi rõ nguồn ảnh, tên người trong ảnh khi cần; tuân thủ Bộ Quy tắc ứng xử trên mạng xã hội
  (Quyết định số 874/QĐ-BTTTT ngày 17/6/2021).

8. KINH PHÍ

- Ngân sách sự nghiệp văn hóa theo dự toán năm; lồng ghép các chương trình, đề án liên quan.
- Vận động xã hội hóa: nhà xuất bản, doanh nghiệp, nhà hảo tâm tặng sách, phần thưởng.
- Mọi khoản tài trợ phải được ghi nhận, công khai và quyết toán theo quy định.

9. AN TOÀN

- Bố trí lối thoát, bình chữa cháy, người trực y tế khi đông người.
- Trông giữ tài liệu trưng bày, nhất là tài liệu quý hiếm, tài liệu địa chí.
- Có người phụ trách thiếu nhi; thông báo điểm tập trung khi trẻ lạc.

10. BÁO CÁO KẾT QUẢ

Số liệu nên thu ngay trong ngày (phiếu đăng ký, biểu mẫu trực tuyến):
- Số hoạt động đã tổ chức; số lượt người tham gia (trong đó thiếu nhi, học sinh).
- Số sách, báo trưng bày, luân chuyển, quyên góp được.
- Số viên chức, người lao động và số cộng tác viên, tình nguyện viên tham gia (thống kê riêng).
- Số bài viết, tin, video đã đăng; số lượt xem, tương tác.
- Ảnh tư liệu tiêu biểu, đánh giá của người tham gia, bài học kinh nghiệm.

Báo cáo gửi cơ quan quản lý theo kế hoạch; kết quả cả năm tổng hợp gửi Sở Văn hóa, Thể thao và Du lịch
trước ngày 30 tháng 11 hằng năm.
"""

DIGITISATION_CHECKLIST = """\
BẢNG KIỂM CHẤT LƯỢNG SỐ HÓA TÀI LIỆU
Dùng kèm khóa học "Số hóa tài liệu và xây dựng siêu dữ liệu"

Mã tài liệu: ....................  Nhan đề: ..........................................
Người quét: .....................  Ngày quét: ...............  Người kiểm tra: ............

A. TRƯỚC KHI QUÉT
[ ] Tài liệu nằm trong kế hoạch số hóa đã được duyệt.
[ ] Đã xác định tình trạng bản quyền (hết thời hạn bảo hộ / có văn bản đồng ý / chỉ phục vụ nội bộ).
[ ] Đã kiểm đếm số trang, ghi chú trang rách, thiếu, trang gấp, phụ bản.
[ ] Đã làm sạch bụi bằng chổi mềm; không dùng băng dính để sửa trang rách.
[ ] Thiết bị đã hiệu chỉnh; đã chụp thước màu và thước tỉ lệ ở ảnh đầu tiên.

B. THÔNG SỐ QUÉT
[ ] Văn bản in: 300-400 ppi; ảnh, bản đồ, bản vẽ: 400-600 ppi.
[ ] Màu 24 bit (hoặc xám 8 bit nếu đã thống nhất cho văn bản đen trắng).
[ ] Tệp gốc (master): TIFF không nén hoặc nén không mất dữ liệu.
[ ] Tên tệp đúng quy tắc: MÃTÀILIỆU_0001.tif (không dấu, không khoảng trắng, số trang 4 chữ số).

C. KIỂM TRA SAU QUÉT (mỗi tài liệu, hoặc mẫu tối thiểu 10% số trang)
[ ] Đủ trang, đúng thứ tự, không trùng trang.
[ ] Ảnh rõ nét, không mờ, không lệch quá 2 độ, không mất chữ ở mép và ở gáy.
[ ] Màu sắc, độ tương phản gần với bản gốc; không bị cháy sáng.
[ ] Không có ngón tay, dụng cụ, bóng đổ trong khung hình.
[ ] Mở được tệp trên máy khác; dung lượng hợp lý.
[ ] Đã tạo mã kiểm tra (SHA-256) cho từng tệp gốc và lưu cùng thư mục.

D. BẢN PHỤC VỤ VÀ NHẬN DẠNG KÝ TỰ (OCR)
[ ] Bản phục vụ tạo từ bản gốc, không chỉnh sửa trực tiếp trên bản gốc.
[ ] PDF/A có lớp văn bản; đã kiểm tra ngẫu nhiên dấu tiếng Việt (ă/â, ơ/ô, dấu hỏi/ngã).
[ ] Tài liệu chữ Hán Nôm, chữ Nôm Tày hoặc viết tay: chỉ lưu ảnh và mô tả, không dùng kết quả OCR.

E. SIÊU DỮ LIỆU VÀ LƯU TRỮ
[ ] Đã nhập đủ các yếu tố Dublin Core bắt buộc của đơn vị (Nhan đề, Tác giả, Chủ đề, Mô tả,
    Ngày tháng, Loại hình, Định dạng, Định danh, Ngôn ngữ, Bản quyền).
[ ] Đã liên kết bản số với biểu ghi MARC 21 (trường 856).
[ ] Đã sao lưu theo nguyên tắc 3-2-1 (3 bản, 2 loại phương tiện, 1 bản ở nơi khác).

Kết luận:  [ ] Đạt   [ ] Quét lại các trang: ...........................................
"""

DOCUMENTS = {
    "so-tay-ngay-sach": {
        "title": "Sổ tay hướng dẫn tổ chức Ngày Sách và Văn hóa đọc Việt Nam",
        "filename": "so-tay-to-chuc-ngay-sach-va-van-hoa-doc-viet-nam.txt",
        "text": HANDBOOK_READING_DAY,
    },
    "bang-kiem-so-hoa": {
        "title": "Bảng kiểm chất lượng số hóa tài liệu",
        "filename": "bang-kiem-chat-luong-so-hoa-tai-lieu.txt",
        "text": DIGITISATION_CHECKLIST,
    },
}


COURSE_DIGITAL_LIBRARY = {
    "slug": "chuyen-doi-so-trong-hoat-dong-thu-vien",
    "title": "Chuyển đổi số trong hoạt động thư viện",
    "summary": (
        "Khóa đào tạo lại giúp viên chức thư viện nắm chủ trương chuyển đổi số ngành thư viện và Kế hoạch số "
        "188/KH-UBND của UBND tỉnh Thái Nguyên, hiểu các thành phần của thư viện số, vận hành phần mềm quản lý "
        "thư viện, biên mục theo MARC 21 và Dublin Core, và tự lập kế hoạch chuyển đổi số cho đơn vị mình."
    ),
    "objectives": rich_text(
        """
        - Trình bày được mục tiêu của Chương trình chuyển đổi số ngành thư viện và nhiệm vụ của đơn vị mình.
        - Phân biệt các loại tài nguyên số và những điều kiện hạ tầng tối thiểu của một thư viện số.
        - Chọn và vận hành các phân hệ của phần mềm quản lý thư viện tích hợp.
        - Tạo được biểu ghi MARC 21 cơ bản và mô tả tài liệu số bằng Dublin Core.
        - Lập kế hoạch chuyển đổi số một năm có chỉ tiêu đo được.
        """
    ),
    "audience": ["public_library", "school_library", "armed_forces", "post_culture_point"],
    "training_type": "retraining",
    "nominal_hours": "16",
    "self_enrolment_open": True,
    "cover": "cover-chuyen-doi-so",
    "lessons": [
        {
            "slug": "chu-truong-chuyen-doi-so-nganh-thu-vien",
            "title": "Chủ trương chuyển đổi số ngành thư viện",
            "minutes": 20,
            "body": """
## Vì sao thư viện phải chuyển đổi số?

Người dân ngày nay, nhất là học sinh, sinh viên, tìm thông tin trước hết trên điện thoại. Thư viện không
có mặt trên môi trường số sẽ dần mất bạn đọc. Chuyển đổi số không đơn thuần là mua máy tính hay phần mềm,
mà là thay đổi cách thư viện tạo lập, tổ chức và cung cấp tri thức.

## Những văn bản cần nắm

- <b>Luật Thư viện năm 2019</b> (có hiệu lực từ ngày 01/7/2020), trong đó Điều 31 quy định về phát triển
  thư viện số và Điều 32 về hiện đại hóa thư viện; Nghị định số 93/2020/NĐ-CP ngày 18/8/2020 của Chính phủ
  quy định chi tiết một số điều của Luật Thư viện.
- <b>Quyết định số 206/QĐ-TTg ngày 11/02/2021</b> của Thủ tướng Chính phủ phê duyệt "Chương trình chuyển
  đổi số ngành thư viện đến năm 2025, định hướng đến năm 2030".
- <b>Kế hoạch số 188/KH-UBND ngày 21/10/2021</b> của UBND tỉnh Thái Nguyên triển khai Chương trình trên
  địa bàn tỉnh.
- <b>Quyết định số 1520/QĐ-TTg ngày 09/12/2022</b> và Kế hoạch của UBND tỉnh (tháng 8/2023) về đẩy mạnh
  hoạt động phục vụ học tập suốt đời trong thư viện, bảo tàng, trung tâm văn hóa đến năm 2030. Mục III.3
  của Kế hoạch yêu cầu tiếp tục thực hiện Kế hoạch số 188/KH-UBND và tổ chức đào tạo, đào tạo lại, bồi
  dưỡng để viên chức đáp ứng yêu cầu chuyển đổi số.

## Mục tiêu của Chương trình

Mục tiêu chung của Chương trình là ứng dụng mạnh mẽ, toàn diện công nghệ thông tin, nhất là công nghệ số,
để nâng cao năng lực hoạt động của các thư viện và hình thành mạng lưới thư viện hiện đại; bảo đảm cung
ứng dịch vụ đáp ứng nhu cầu người sử dụng; thu hút đông đảo người dân sử dụng thư viện, góp phần nâng cao
dân trí, xây dựng xã hội học tập. Chương trình hướng tới phát triển thư viện số, liên thông giữa các loại
hình thư viện và tích hợp với thành phần dữ liệu mở của Hệ tri thức Việt số hóa, để người dùng có thể
khai thác thư viện "mọi nơi, mọi lúc".

[info] Các nhóm nhiệm vụ, giải pháp của Chương trình gồm: nâng cao nhận thức, tăng cường tuyên truyền;
hoàn thiện cơ chế, chính sách; phát triển hạ tầng số; phát triển dữ liệu số; xây dựng và phát triển nền
tảng số; bảo đảm an toàn, an ninh mạng; phát triển nguồn nhân lực; đẩy mạnh hợp tác quốc tế.

## Ba trụ cột ở cấp đơn vị

Ở một thư viện cụ thể, có thể hình dung chuyển đổi số qua ba trụ cột:

1. <b>Dữ liệu và tài nguyên số</b>: cơ sở dữ liệu thư mục đầy đủ, tài liệu địa chí được số hóa, tài liệu
  số mua hoặc được chia sẻ quyền truy cập.
2. <b>Nền tảng và dịch vụ số</b>: phần mềm quản lý thư viện, trang thông tin điện tử, tra cứu trực tuyến,
  gia hạn, đặt mượn, hỏi - đáp qua mạng.
3. <b>Con người</b>: kỹ năng số của viên chức và kỹ năng thông tin của bạn đọc.

[tip] Khi đọc các kế hoạch trên, hãy ghi lại những việc đơn vị mình được giao, kèm thời hạn: đó là điểm
xuất phát cho bài 5 của khóa học.
""",
        },
        {
            "slug": "thu-vien-so-tai-nguyen-ha-tang-nguoi-dung",
            "title": "Thư viện số: tài nguyên, hạ tầng và người dùng",
            "minutes": 25,
            "body": """
## Thư viện số là gì?

Hiểu đơn giản, thư viện số là thư viện có tài nguyên thông tin được xử lý, lưu giữ ở dạng số, mà người
dùng có thể tìm kiếm và khai thác qua máy tính, điện thoại và mạng Internet. Thư viện số không thay thế
thư viện truyền thống. Với phần lớn thư viện cấp tỉnh, cấp huyện và thư viện trường học, mô hình phù hợp
là thư viện "lai": kho sách in vẫn phục vụ tại chỗ và cho mượn, đồng thời một phần tài nguyên và dịch vụ
được đưa lên môi trường số.

## Các nguồn tài nguyên số

- <b>Tài liệu nội sinh do thư viện số hóa</b>: tài liệu địa chí về Thái Nguyên, ảnh tư liệu, báo cũ,
  tài liệu về văn hóa các dân tộc Tày, Nùng, Dao, Sán Dìu, Sán Chay... Đây là nguồn quý nhất vì không
  nơi nào khác có.
- <b>Tài liệu số mua hoặc thuê quyền truy cập</b>: cơ sở dữ liệu sách điện tử, báo, tạp chí.
- <b>Tài nguyên dùng chung và tài nguyên mở</b>: bộ sưu tập chia sẻ giữa các thư viện, tài nguyên giáo
  dục mở, sách đã hết thời hạn bảo hộ quyền tác giả.
- <b>Cơ sở dữ liệu thư mục</b>: các biểu ghi mô tả toàn bộ vốn tài liệu. Không có biểu ghi đầy đủ thì
  bạn đọc không thể tìm thấy tài liệu, dù là tài liệu in hay tài liệu số.

[warning] <b>Bản quyền.</b> Không đưa lên mạng toàn văn sách còn trong thời hạn bảo hộ khi chưa có sự
đồng ý của chủ sở hữu quyền tác giả. Theo Luật Sở hữu trí tuệ, phần lớn tác phẩm được bảo hộ suốt cuộc
đời tác giả và 50 năm tiếp theo năm tác giả chết. Khi chưa rõ tình trạng bản quyền, chỉ công bố biểu ghi
thư mục, hoặc cho đọc bản số tại máy trạm trong thư viện.

## Hạ tầng tối thiểu

- Đường truyền Internet ổn định; mạng nội bộ và Wi-Fi cho bạn đọc.
- Máy chủ đặt tại đơn vị hoặc dịch vụ lưu trữ đám mây đáp ứng yêu cầu an toàn thông tin; dùng chung hệ
  thống với thư viện tỉnh khi có thể để tiết kiệm chi phí.
- Máy trạm tra cứu, máy quét, đầu đọc mã vạch, máy in nhãn.
- Thiết bị và quy trình sao lưu định kỳ; bản sao lưu đặt ở nơi khác với máy chủ.
- Tên miền và chứng chỉ bảo mật (HTTPS) cho trang thư viện số.

## Bắt đầu từ người dùng

Trước khi đầu tư, hãy trả lời: bạn đọc của đơn vị là ai và họ cần gì? Một cuộc khảo sát ngắn bằng phiếu
giấy hoặc biểu mẫu trực tuyến, số liệu mượn trả và những câu hỏi bạn đọc hay hỏi là đủ để bắt đầu. Học sinh
cần tài liệu tham khảo theo chương trình học; người cao tuổi cần được hướng dẫn dùng điện thoại; bà con ở
các xã vùng cao cần tài liệu kỹ thuật trồng chè, chăn nuôi, viết bằng ngôn ngữ dễ hiểu. Mỗi nhóm cần một
cách phục vụ khác nhau trên môi trường số.

[tip] Một dịch vụ số đơn giản nhưng chạy đều đặn, ví dụ danh mục sách mới đăng mỗi tuần trên trang của
thư viện, có ích hơn một hệ thống lớn mà không ai dùng.
""",
        },
        {
            "slug": "phan-mem-quan-ly-thu-vien-tich-hop",
            "title": "Phần mềm quản lý thư viện tích hợp",
            "minutes": 25,
            "body": """
## Các phân hệ cơ bản

Phần mềm quản lý thư viện tích hợp gom toàn bộ quy trình nghiệp vụ vào một cơ sở dữ liệu chung. Dù của
hãng nào, phần mềm thường có các phân hệ:

- <b>Bổ sung</b>: đặt mua, nhận tài liệu, theo dõi kinh phí và nguồn tặng biếu.
- <b>Biên mục</b>: tạo và sửa biểu ghi, gán mã vạch, in nhãn gáy.
- <b>Tra cứu trực tuyến (OPAC)</b>: giao diện để bạn đọc tìm tài liệu qua mạng.
- <b>Lưu thông</b>: mượn, trả, gia hạn, đặt mượn, nhắc và xử lý quá hạn.
- <b>Quản lý bạn đọc</b>: thẻ, nhóm bạn đọc, quyền mượn của từng nhóm.
- <b>Ấn phẩm định kỳ</b>: đăng ký và theo dõi báo, tạp chí.
- <b>Thống kê, báo cáo</b>: số liệu phục vụ báo cáo định kỳ.

## Tiêu chí lựa chọn

- Hỗ trợ đầy đủ khổ mẫu MARC 21 và Unicode tiếng Việt; tìm được cả khi gõ có dấu và không dấu.
- Hỗ trợ giao thức Z39.50 để tải biểu ghi có sẵn từ thư viện khác, và xuất, nhập dữ liệu theo chuẩn
  ISO 2709 hoặc MARCXML để không bị phụ thuộc một nhà cung cấp.
- Có giao diện OPAC dùng tốt trên điện thoại.
- Phân quyền theo vai trò, có nhật ký thao tác, sao lưu tự động.
- Có khả năng liên thông với thư viện tỉnh và với phần mềm thư viện số (OAI-PMH) nếu đơn vị có bộ sưu tập số.
- Có đơn vị hỗ trợ kỹ thuật kịp thời và tài liệu hướng dẫn bằng tiếng Việt.

Có thể chọn phần mềm mã nguồn mở (ví dụ Koha, được nhiều thư viện trong và ngoài nước sử dụng) hoặc phần
mềm thương mại. Hãy so sánh <b>tổng chi phí</b> trong khoảng năm năm: mua bản quyền hoặc thuê dịch vụ, triển
khai, chuyển đổi dữ liệu, đào tạo, bảo trì, máy chủ, chứ không chỉ giá mua ban đầu.

## Chuyển dữ liệu từ hệ thống cũ

1. Sao lưu toàn bộ dữ liệu cũ và cất một bản không bao giờ chỉnh sửa.
2. Xuất dữ liệu ra định dạng chuẩn (ISO 2709, MARCXML hoặc bảng tính có cấu trúc rõ ràng).
3. Làm sạch: gộp biểu ghi trùng, thống nhất cách ghi tên tác giả, nhà xuất bản, năm xuất bản; kiểm tra
  mã vạch trùng.
4. Chuyển thử 100-200 biểu ghi, kiểm tra hiển thị và tìm kiếm trên OPAC.
5. Chuyển toàn bộ và đối chiếu số lượng biểu ghi, số bản, số bạn đọc giữa hệ thống cũ và mới.
6. Chạy song song trong thời gian ngắn, sau đó chỉ dùng hệ thống mới.

[warning] Dữ liệu bạn đọc (họ tên, ngày sinh, số điện thoại, địa chỉ, lịch sử mượn) là dữ liệu cá nhân.
Không gửi các tệp này qua e-mail cá nhân, mạng xã hội hay USB không mã hóa; chỉ chuyển cho người có trách
nhiệm và xóa bản tạm sau khi chuyển xong.

[tip] Trước khi ký hợp đồng, hãy đề nghị nhà cung cấp cho dùng thử với chính dữ liệu của đơn vị, và cho
một bạn đọc thật tra cứu thử trên điện thoại.
""",
        },
        {
            # A SCORM package (``lms/demo/scorm/<package>``), zipped and uploaded by seed_demo.
            "slug": "an-toan-thong-tin-tai-thu-vien",
            "title": "An toàn thông tin khi làm việc tại thư viện",
            "minutes": 15,
            "scorm": "an-toan-thong-tin-tai-thu-vien",
            # What the package saves when a learner passes its check (bai-hoc.js): all four answers
            # right, or one wrong. seed_demo gives one to each learner whose plan has done the lesson.
            "passed_runs": [
                {
                    "location": "ket-qua",
                    "score": 100,
                    "suspend_data": {
                        "trang": "ket-qua",
                        "tra_loi": {"cau-1": "1", "cau-2": "2", "cau-3": "0", "cau-4": "1"},
                        "da_nop": True,
                    },
                },
                {
                    "location": "ket-qua",
                    "score": 75,
                    "suspend_data": {
                        "trang": "ket-qua",
                        "tra_loi": {"cau-1": "1", "cau-2": "2", "cau-3": "0", "cau-4": "0"},
                        "da_nop": True,
                    },
                },
            ],
            "body": """\
Bài học tương tác ngắn: mật khẩu và tài khoản, nhận biết thư lừa đảo, bảo vệ dữ liệu bạn đọc và sao
lưu, rồi bốn câu kiểm tra nhanh. Cần đạt 70 điểm để hoàn thành bài học.

Bài học ghi nhớ trang bạn đang đọc: có thể dừng giữa chừng và học tiếp vào lần sau.
""",
        },
        {
            "slug": "bien-muc-marc-21-va-dublin-core",
            "title": "Biên mục theo MARC 21 và Dublin Core",
            "minutes": 30,
            "body": """
## Vì sao phải biên mục theo chuẩn?

Biểu ghi đúng chuẩn có thể trao đổi giữa các thư viện, tải về qua Z39.50, hiển thị đúng trên OPAC và
không phải làm lại khi đơn vị đổi phần mềm. MARC 21 là khổ mẫu biên mục được các thư viện Việt Nam sử dụng
rộng rãi; đi cùng là khung phân loại thập phân Dewey (DDC), đã có bản tiếng Việt.

## Các trường MARC 21 thường dùng

- 020: ISBN.
- 041: mã ngôn ngữ của tài liệu (vie cho tiếng Việt).
- 082: chỉ số phân loại DDC.
- 100: tác giả chính là cá nhân. Tên người Việt thường ghi theo thứ tự tự nhiên, không đảo; chọn chỉ thị
  theo hướng dẫn biên mục mà thư viện tỉnh đang áp dụng để cả mạng lưới thống nhất.
- 245: nhan đề và thông tin trách nhiệm.
- 250: lần xuất bản.
- 264: nơi xuất bản, nhà xuất bản, năm xuất bản (biểu ghi cũ thường dùng trường 260).
- 300: mô tả vật lý: số trang, minh họa, khổ.
- 490: tùng thư.
- 520: tóm tắt.
- 650: tiêu đề đề mục chủ đề; 653: từ khóa tự do.
- 700: tác giả bổ sung.
- 856: địa chỉ truy cập điện tử, dùng để liên kết biểu ghi với bản số.

Hai ký tự sau nhãn trường là chỉ thị; $a, $b, $c... là mã trường con. Ví dụ minh họa một tài liệu địa chí
do thư viện tự biên soạn:

- 245 10 $a Nghề chè Tân Cương : $b tài liệu giới thiệu / $c Thư viện tỉnh Thái Nguyên biên soạn
- 264 _1 $a Thái Nguyên : $b Thư viện tỉnh Thái Nguyên, $c 2024
- 300 __ $a 48 tr. : $b ảnh màu ; $c 21 cm
- 650 _7 $a Chè $x Chế biến $z Thái Nguyên
- 856 40 $u (đường dẫn tới bản số trên thư viện số của đơn vị)

## Dublin Core cho tài liệu số

Dublin Core (tiêu chuẩn ISO 15836) gồm 15 yếu tố đơn giản, phù hợp để mô tả ảnh, tài liệu số hóa, tệp âm
thanh, video trong các phần mềm thư viện số: Nhan đề (Title), Tác giả (Creator), Chủ đề (Subject), Mô tả
(Description), Nhà xuất bản (Publisher), Người cộng tác (Contributor), Ngày tháng (Date), Loại hình (Type),
Định dạng (Format), Định danh (Identifier), Nguồn (Source), Ngôn ngữ (Language), Liên kết (Relation), Phạm
vi (Coverage) và Bản quyền (Rights). Mọi yếu tố đều có thể lặp lại và không bắt buộc, nên mỗi đơn vị cần
quy định rõ yếu tố nào phải nhập.

## Ánh xạ MARC 21 sang Dublin Core

- 245 sang Title; 100 và 700 sang Creator hoặc Contributor.
- 650 và 653 sang Subject; 520 sang Description.
- 264 $b sang Publisher; 264 $c sang Date.
- 041 sang Language; 856 $u sang Identifier.

[tip] Thống nhất cách ghi ngay từ đầu: tên người Việt ghi đủ họ tên, không đảo; ngày tháng ở trường Date
ghi theo ISO 8601 (ví dụ 2024-04-21); địa danh ghi theo tên tại thời điểm tài liệu ra đời, kèm tên hiện
nay ở phần ghi chú nếu đơn vị hành chính đã thay đổi.
""",
        },
        {
            "slug": "lap-ke-hoach-chuyen-doi-so-tai-don-vi",
            "title": "Lập kế hoạch chuyển đổi số tại đơn vị",
            "minutes": 20,
            "body": """
## Bước 1: Đánh giá hiện trạng

Trước khi đặt mục tiêu, hãy ghi lại hiện trạng bằng số liệu:

- Số biểu ghi trong cơ sở dữ liệu so với tổng số tài liệu của kho; tỉ lệ tài liệu đã có mã vạch.
- Số trang tài liệu đã số hóa; bộ sưu tập nào đã có siêu dữ liệu.
- Thiết bị hiện có, tình trạng đường truyền, phần mềm và thời hạn hỗ trợ.
- Dịch vụ trực tuyến đang cung cấp và số lượt sử dụng mỗi tháng.
- Số viên chức đã được bồi dưỡng về chuyển đổi số, kỹ năng còn thiếu.

## Bước 2: Đặt mục tiêu đo được

Mục tiêu tốt phải cụ thể, đo được và có thời hạn. Thay vì viết "đẩy mạnh ứng dụng công nghệ thông tin",
hãy viết: "Đến ngày 31/12, 100% sách nhập mới được biên mục MARC 21 trên phần mềm; hồi cố 5.000 biểu ghi
sách địa chí; mở dịch vụ gia hạn trực tuyến; 100% viên chức hoàn thành khóa bồi dưỡng chuyển đổi số".
Các chỉ tiêu nên bám theo Kế hoạch số 188/KH-UBND và kế hoạch năm của cơ quan quản lý.

## Bước 3: Lộ trình và nguồn lực

- Chia công việc theo quý, mỗi việc có người chịu trách nhiệm và sản phẩm cụ thể.
- Xác định nguồn kinh phí: dự toán ngân sách hằng năm, các chương trình, đề án liên quan, nguồn xã hội
  hóa hợp pháp.
- Đề nghị Thư viện tỉnh hỗ trợ nghiệp vụ, dùng chung phần mềm, chia sẻ biểu ghi để không phải làm lại
  những gì thư viện khác đã làm.
- Cử viên chức tham gia các khóa bồi dưỡng; người đã học hướng dẫn lại cho đồng nghiệp.

## Bước 4: Đo lường và báo cáo

Theo dõi hằng tháng một số chỉ số: lượt truy cập trang thư viện số, lượt tải tài liệu, số lượt gia hạn
và đặt mượn trực tuyến, số câu hỏi được trả lời, số viên chức được bồi dưỡng. Kết quả học tập trên hệ
thống này được ghi nhận tự động và có thể xuất ra làm minh chứng cho báo cáo năm gửi Sở Văn hóa, Thể thao
và Du lịch trước ngày 30 tháng 11.

[warning] Trước khi mở bất kỳ dịch vụ nào ra Internet: đổi mật khẩu mặc định, phân quyền tài khoản theo
đúng nhiệm vụ, cập nhật phần mềm và kiểm tra rằng bản sao lưu thực sự khôi phục được.

[tip] Bắt đầu từ việc nhỏ nhất mang lại kết quả thấy được trong ba tháng đầu, ví dụ đưa toàn bộ biểu ghi
sách địa chí lên OPAC. Kết quả sớm giúp thuyết phục lãnh đạo và đồng nghiệp tiếp tục đầu tư.
""",
        },
    ],
}


COURSE_DIGITISATION = {
    "slug": "so-hoa-tai-lieu-va-xay-dung-sieu-du-lieu",
    "title": "Số hóa tài liệu và xây dựng siêu dữ liệu",
    "summary": (
        "Khóa đào tạo thực hành toàn bộ quy trình số hóa: chọn tài liệu ưu tiên, lập kế hoạch, chuẩn bị và quét "
        "tài liệu đúng thông số, xử lý ảnh và nhận dạng ký tự tiếng Việt, mô tả bằng siêu dữ liệu Dublin Core, "
        "lưu trữ an toàn và công bố bộ sưu tập số. Khóa học do đơn vị phân công, không tự đăng ký."
    ),
    "objectives": rich_text(
        """
        - Lựa chọn tài liệu cần số hóa theo giá trị, tình trạng, nhu cầu và tình trạng bản quyền.
        - Lập được kế hoạch số hóa có ước tính khối lượng, thời gian và nhân lực.
        - Quét tài liệu với thông số phù hợp cho từng loại; đặt tên tệp và kiểm tra chất lượng.
        - Mô tả bộ sưu tập số bằng Dublin Core với từ vựng có kiểm soát.
        - Tổ chức lưu trữ theo nguyên tắc 3-2-1 và công bố tài liệu số đúng quy định.
        """
    ),
    "audience": ["public_library", "school_library", "museum"],
    "training_type": "initial",
    "nominal_hours": "24",
    "self_enrolment_open": False,
    "cover": "cover-so-hoa",
    "lessons": [
        {
            "slug": "lua-chon-tai-lieu-va-lap-ke-hoach-so-hoa",
            "title": "Lựa chọn tài liệu và lập kế hoạch số hóa",
            "minutes": 25,
            "body": """
## Số hóa để làm gì?

Số hóa có hai mục đích: <b>bảo quản</b> (giảm việc sử dụng bản gốc đang xuống cấp) và <b>mở rộng tiếp
cận</b> (người ở xa, người bận rộn vẫn đọc được). Số hóa tốn công và tiền, lại phải duy trì lâu dài sau
khi quét xong, nên không thể và không nên số hóa tất cả. Việc đầu tiên là chọn đúng tài liệu.

## Tiêu chí ưu tiên

- <b>Giá trị</b>: tài liệu địa chí về Thái Nguyên (lịch sử An toàn khu ATK Định Hóa, nghề chè, văn hóa
  các dân tộc Tày, Nùng, Dao, Sán Dìu, Sán Chay...), tài liệu quý hiếm, bản duy nhất.
- <b>Tình trạng</b>: giấy giòn, ố vàng, mực phai, tài liệu đang xuống cấp nhanh.
- <b>Nhu cầu</b>: tài liệu được bạn đọc, nhà nghiên cứu, học sinh hỏi nhiều.
- <b>Pháp lý</b>: tài liệu đã hết thời hạn bảo hộ, tài liệu do đơn vị giữ quyền, hoặc có văn bản đồng ý
  của tác giả, chủ sở hữu quyền. Tài liệu chưa rõ bản quyền vẫn có thể số hóa để bảo quản nhưng chỉ phục
  vụ nội bộ.

Cho điểm từng tiêu chí (ví dụ từ 1 đến 3) và xếp hạng giúp việc lựa chọn minh bạch, dễ giải trình.

## Nội dung của kế hoạch số hóa

- Phạm vi: bộ sưu tập nào, bao nhiêu tài liệu, bao nhiêu trang.
- Tiêu chuẩn kỹ thuật: độ phân giải, định dạng, quy tắc đặt tên tệp, bộ yếu tố siêu dữ liệu.
- Thiết bị, phần mềm, nhân lực và phân công.
- Thời gian, kinh phí, nơi lưu trữ, cách công bố và ai được truy cập.

## Ước tính khối lượng

Đừng đoán năng suất. Hãy quét thử một tài liệu tiêu biểu, bấm giờ cho từng khâu (chuẩn bị, quét, xử lý
ảnh, nhập siêu dữ liệu), rồi nhân lên. Ví dụ: bộ sưu tập 200 cuốn, trung bình 150 trang, là 30.000 trang.
Nếu quét thử cho thấy một người quét được 250 trang mỗi giờ, riêng khâu quét cần khoảng 120 giờ công;
khâu xử lý ảnh và nhập siêu dữ liệu thường tốn thời gian tương đương hoặc hơn.

[warning] Tài liệu có thể chứa <b>thông tin cá nhân</b>: hồ sơ, danh sách, thư từ, ảnh chân dung. Trước
khi công bố rộng rãi, cần xem xét quy định về bảo vệ dữ liệu cá nhân và xin ý kiến lãnh đạo đơn vị.

[tip] Ghi một "nhật ký số hóa" ngay từ đầu: tài liệu nào, ai quét, ngày nào, thông số gì, có vấn đề gì.
Nhật ký này giúp kiểm tra chất lượng và là tư liệu cho báo cáo cuối năm.
""",
        },
        {
            "slug": "chuan-bi-va-quet-tai-lieu",
            "title": "Chuẩn bị và quét tài liệu",
            "minutes": 30,
            "body": """
## Quy trình số hóa năm bước

[image so-do-quy-trinh-so-hoa] Năm bước của quy trình số hóa: (1) lựa chọn, (2) chuẩn bị, (3) quét,
(4) xử lý và kiểm tra, (5) biên mục, lưu trữ và công bố.

Bài này đi sâu vào bước 2 và bước 3, nơi quyết định phần lớn chất lượng của bản số.

## Chuẩn bị tài liệu

- Kiểm đếm số trang, ghi lại trang rách, trang thiếu, phụ bản gấp, trang đánh số sai.
- Làm sạch bụi bằng chổi mềm. Không dùng băng dính để dán trang rách, không tự ý tháo gáy sách quý.
- Thao tác với tay sạch và khô, hoặc găng tay nitrile; tránh găng vải dày vì dễ làm rách trang giòn.
- Tài liệu bị mốc, dính trang, giòn vỡ: để riêng và hỏi ý kiến người phụ trách bảo quản trước khi quét.

## Chọn thiết bị

- <b>Máy quét phẳng</b>: phù hợp tờ rời, ảnh, tài liệu mỏng. Không dùng cho sách đóng dày vì phải ép gáy.
- <b>Máy quét sách trên cao</b>, nhất là loại có giá đỡ hình chữ V: phù hợp sách đóng, tài liệu không mở
  phẳng được, tài liệu dễ hỏng.
- <b>Máy ảnh số trên giá cố định</b> với đèn chiếu đều hai bên: phù hợp bản đồ, tài liệu khổ lớn, hiện vật.

## Thông số kỹ thuật khuyến nghị

- Văn bản in: 300-400 ppi, màu 24 bit (hoặc xám 8 bit nếu đã thống nhất cho tài liệu đen trắng).
- Ảnh, bản vẽ, bản đồ, tài liệu viết tay: 400-600 ppi, màu 24 bit.
- Tệp gốc lưu trữ (master): TIFF không nén hoặc nén không mất dữ liệu. Tệp gốc chỉ để lưu, không sửa.
- Tệp phục vụ: PDF có lớp văn bản cho sách, JPEG cho ảnh; tạo ra từ tệp gốc.

Quét màu ngay cả với văn bản đen trắng giúp giữ lại chú thích bằng mực màu, con dấu, vết ố, là những thông
tin có giá trị với người nghiên cứu.

[info] Ở ảnh đầu tiên của mỗi phiên quét, đặt một thước màu và một thước tỉ lệ cạnh tài liệu. Người kiểm
tra dựa vào đó để đánh giá màu sắc và kích thước thật.

[tip] Đặt tên tệp theo một quy tắc duy nhất, không dấu, không khoảng trắng: mã tài liệu, dấu gạch dưới và
số trang bốn chữ số, ví dụ DC-2024-0015_0001.tif. Tên tệp đúng quy tắc giúp sắp xếp tự động và phát hiện
trang thiếu.
""",
        },
        {
            "slug": "xu-ly-anh-nhan-dang-ky-tu-kiem-tra-chat-luong",
            "title": "Xử lý ảnh, nhận dạng ký tự và kiểm tra chất lượng",
            "minutes": 25,
            "body": """
## Xử lý ảnh

Mọi thao tác xử lý đều làm trên <b>bản sao</b>, không làm trên tệp gốc. Các thao tác thường dùng: xoay và
chỉnh nghiêng, cắt bỏ phần thừa quanh mép (giữ lại một khoảng viền nhỏ), cân bằng trắng và độ tương phản
ở mức vừa phải. Không "làm đẹp" quá mức đến mức xóa mất chú thích viết tay, con dấu, dấu vết thời gian:
đó là một phần giá trị lịch sử của tài liệu.

## Nhận dạng ký tự quang học (OCR)

OCR biến ảnh trang sách thành văn bản tìm kiếm được. Nhiều phần mềm hiện nhận dạng được tiếng Việt, ví dụ
Tesseract (mã nguồn mở, gói ngôn ngữ "vie") hoặc các phần mềm thương mại. Kết quả phụ thuộc chủ yếu vào
chất lượng ảnh và kiểu chữ:

- Sách in rõ, khổ chữ vừa: kết quả thường tốt, chỉ cần kiểm tra ngẫu nhiên.
- Sách in cũ, chữ nhòe, giấy ố: dấu tiếng Việt dễ bị nhận sai (ă và â, ơ và ô, dấu hỏi và dấu ngã).
  Với tài liệu quan trọng, cần hiệu đính.
- Chữ Hán Nôm, chữ Nôm Tày, tài liệu viết tay: OCR thông thường không đọc được; chỉ lưu ảnh và mô tả kỹ
  bằng siêu dữ liệu.

Bản phục vụ lâu dài nên xuất ra PDF/A (tiêu chuẩn ISO 19005) có lớp văn bản ẩn phía sau ảnh: người đọc
thấy đúng trang gốc nhưng vẫn tìm kiếm được toàn văn.

## Kiểm tra chất lượng

Mỗi tài liệu, hoặc tối thiểu một mẫu 10% số trang, cần được một người <b>khác</b> người quét kiểm tra:

- Đủ trang, đúng thứ tự, không trùng trang.
- Ảnh rõ nét, không lệch, không mất chữ ở mép và ở gáy; không có ngón tay hay bóng đổ.
- Màu sắc, độ tương phản gần với bản gốc.
- Tên tệp đúng quy tắc; tệp mở được trên máy khác.
- Đã tạo mã kiểm tra (checksum) cho từng tệp gốc.

[document bang-kiem-so-hoa] Tải bảng kiểm chất lượng số hóa tài liệu (dùng khi thực hành)

[tip] Mã kiểm tra (ví dụ SHA-256) là một chuỗi ký tự tính từ nội dung tệp. Chỉ cần một điểm ảnh thay đổi,
chuỗi sẽ khác. Lưu chuỗi này cùng tệp gốc; khi kiểm tra định kỳ, tính lại và so sánh để phát hiện tệp bị
hỏng.
""",
        },
        {
            "slug": "sieu-du-lieu-cho-bo-suu-tap-so",
            "title": "Siêu dữ liệu cho bộ sưu tập số",
            "minutes": 30,
            "body": """
## Siêu dữ liệu là gì?

Siêu dữ liệu là "dữ liệu về dữ liệu": những thông tin mô tả một tài liệu số để người dùng tìm thấy, hiểu
và sử dụng đúng. Có ba nhóm:

- <b>Siêu dữ liệu mô tả</b>: nhan đề, tác giả, chủ đề, tóm tắt... để tìm kiếm và nhận biết tài liệu.
- <b>Siêu dữ liệu quản trị</b>: thông số kỹ thuật của tệp, ngày số hóa, người số hóa, tình trạng bản quyền,
  quyền truy cập.
- <b>Siêu dữ liệu cấu trúc</b>: thứ tự trang, chương mục, quan hệ giữa các tệp của cùng một tài liệu.

## Ví dụ: mô tả một bức ảnh tư liệu bằng Dublin Core

Ví dụ minh họa một ảnh giấy về lễ hội Lồng tồng (lễ xuống đồng) của người Tày ở Định Hóa:

- Nhan đề (Title): Lễ hội Lồng tồng ở Định Hóa
- Chủ đề (Subject): Lễ hội; Dân tộc Tày; Định Hóa (Thái Nguyên)
- Mô tả (Description): Ảnh chụp phần lễ rước tại sân lễ hội; ảnh do gia đình một cán bộ văn hóa huyện
  tặng thư viện.
- Người cộng tác (Contributor): Thư viện tỉnh Thái Nguyên (số hóa)
- Ngày tháng (Date): 1998 (ước đoán theo ghi chú mặt sau ảnh)
- Loại hình (Type): StillImage (hình ảnh tĩnh)
- Định dạng (Format): image/tiff (bản gốc); image/jpeg (bản phục vụ)
- Định danh (Identifier): DC-ANH-1998-0007
- Nguồn (Source): Ảnh giấy 13 x 18 cm, hộp tư liệu ảnh số 3
- Phạm vi (Coverage): Định Hóa, Thái Nguyên; 1998
- Bản quyền (Rights): Bản số thuộc Thư viện tỉnh Thái Nguyên; sử dụng phi thương mại, ghi rõ nguồn.

## Quy tắc nhập liệu

- Dùng <b>từ vựng có kiểm soát</b> cho chủ đề: một danh mục tiêu đề chủ đề thống nhất trong đơn vị, không
  để mỗi người tự đặt từ khóa theo ý mình.
- Ghi ngày tháng theo ISO 8601 (năm-tháng-ngày); ngày ước đoán ghi rõ là ước đoán.
- Ghi ngôn ngữ bằng mã ISO 639: vie cho tiếng Việt; tiếng các dân tộc dùng mã ISO 639-3 nếu có (ví dụ
  tiếng Tày là tyz).
- Mỗi tài liệu có một định danh duy nhất, không bao giờ dùng lại.

[info] Từ năm 2025, cấp huyện không còn được tổ chức và nhiều tỉnh, xã đã được sắp xếp lại. Trong siêu dữ
liệu, ghi địa danh theo tên tại thời điểm tài liệu ra đời, và ghi thêm tên đơn vị hành chính hiện nay ở
phần mô tả để người đọc sau này không nhầm lẫn.

[tip] Thông tin về một bức ảnh cũ thường chỉ còn trong trí nhớ của người tặng. Hãy ghi lại ngay khi nhận
tài liệu: ai chụp, chụp ở đâu, khi nào, những ai trong ảnh.
""",
        },
        {
            "slug": "luu-tru-bao-quan-so-va-cong-bo",
            "title": "Lưu trữ, bảo quản số và công bố",
            "minutes": 25,
            "body": """
## Nguyên tắc 3-2-1

Tệp số hỏng còn nhanh hơn giấy nếu không được quản lý. Nguyên tắc tối thiểu là <b>3-2-1</b>: giữ ít nhất
3 bản sao, trên 2 loại phương tiện lưu trữ khác nhau, trong đó 1 bản đặt ở nơi khác (một cơ sở khác của
đơn vị, hoặc dịch vụ lưu trữ của cơ quan cấp trên).

## Bảo quản dài hạn

- Kiểm tra mã kiểm tra (checksum) của toàn bộ tệp gốc định kỳ, ví dụ 6 tháng một lần, và ghi kết quả.
- Chuyển dữ liệu sang phương tiện mới trước khi phương tiện cũ hết tuổi thọ, thường sau 3-5 năm.
- Ưu tiên định dạng mở, được dùng rộng rãi (TIFF, PDF/A, JPEG), để nhiều năm sau vẫn mở được.
- Ghi nhật ký bảo quản: mọi lần sao chép, chuyển định dạng, phục hồi đều được ghi lại.

## Công bố tài liệu số

- Đưa bộ sưu tập lên phần mềm thư viện số (ví dụ phần mềm mã nguồn mở DSpace, hoặc phân hệ thư viện số
  của phần mềm quản lý thư viện), liên kết với biểu ghi MARC 21 qua trường 856.
- Phân quyền truy cập: công khai; chỉ người có tài khoản thư viện; hoặc chỉ đọc tại chỗ, tùy tình trạng
  bản quyền và mức độ nhạy cảm của tài liệu.
- Bản phục vụ có độ phân giải vừa đủ để đọc; bản chất lượng cao cung cấp theo yêu cầu.
- Hỗ trợ giao thức OAI-PMH để hệ thống khác (ví dụ cổng thông tin của thư viện cấp trên) thu thập siêu
  dữ liệu, giúp tài liệu được tìm thấy rộng hơn.

## Giới thiệu bộ sưu tập đến người dùng

Một bộ sưu tập số không ai biết đến thì chưa hoàn thành nhiệm vụ. Hãy viết bài giới thiệu, chọn những trang
đẹp, câu chuyện hay để đăng trên mạng xã hội, gắn với các dịp như Ngày Sách và Văn hóa đọc Việt Nam 21/4
hay Ngày Di sản văn hóa Việt Nam 23/11; gửi thông tin cho các trường học để giáo viên dùng trong bài giảng.

[warning] Một ổ cứng gắn ngoài cất trong ngăn bàn không phải là kho lưu trữ. Hãy thử khôi phục một thư mục
từ bản sao lưu ít nhất mỗi năm một lần: bản sao lưu chưa từng được thử khôi phục thì chưa chắc dùng được.
""",
        },
    ],
}


COURSE_ONLINE_SERVICES = {
    "slug": "dich-vu-ban-doc-truc-tuyen",
    "title": "Dịch vụ bạn đọc trực tuyến",
    "summary": (
        "Khóa bồi dưỡng kỹ năng phục vụ bạn đọc trên môi trường số: hướng dẫn tra cứu và quản lý tài khoản bạn đọc, "
        "trả lời câu hỏi trực tuyến, giới thiệu sách và tổ chức câu lạc bộ đọc qua mạng, đánh giá chất lượng dịch "
        "vụ và bảo vệ dữ liệu cá nhân của bạn đọc."
    ),
    "objectives": rich_text(
        """
        - Xác định các dịch vụ trực tuyến phù hợp với bạn đọc của đơn vị.
        - Hướng dẫn bạn đọc tra cứu OPAC, đăng ký thẻ, gia hạn và đặt mượn qua mạng.
        - Tiếp nhận và trả lời câu hỏi trực tuyến theo quy trình, đúng thời hạn.
        - Tổ chức giới thiệu sách và câu lạc bộ đọc trên môi trường số.
        - Đánh giá chất lượng dịch vụ và xử lý dữ liệu cá nhân của bạn đọc đúng quy định.
        """
    ),
    "audience": [
        "public_library",
        "school_library",
        "community_learning_centre",
        "post_culture_point",
        "armed_forces",
    ],
    "training_type": "refresher",
    "nominal_hours": "8",
    "self_enrolment_open": True,
    "cover": "cover-ban-doc",
    "lessons": [
        {
            "slug": "dich-vu-thu-vien-tren-moi-truong-so",
            "title": "Dịch vụ thư viện trên môi trường số",
            "minutes": 20,
            "body": """
## Bạn đọc đã thay đổi

Nhiều bạn đọc không còn đến thư viện chỉ để mượn sách. Họ muốn biết thư viện có cuốn sách mình cần hay
không trước khi đi; muốn gia hạn mà không phải đến quầy; muốn hỏi một câu vào buổi tối sau giờ làm. Dịch
vụ trực tuyến giúp thư viện gặp bạn đọc ở nơi họ đang ở: trên điện thoại.

## Những dịch vụ trực tuyến cơ bản

- Tra cứu mục lục trực tuyến (OPAC) và xem tình trạng tài liệu: còn trên giá hay đang có người mượn.
- Đăng ký thẻ trực tuyến, gia hạn, đặt mượn trước tài liệu.
- Hỏi - đáp thông tin qua biểu mẫu trên trang thông tin điện tử, e-mail hoặc tài khoản chính thức của
  thư viện trên mạng xã hội.
- Cung cấp tài liệu số và bản sao tài liệu theo yêu cầu, trong phạm vi cho phép của pháp luật về quyền
  tác giả.
- Giới thiệu sách, câu lạc bộ đọc, lớp hướng dẫn kỹ năng thông tin qua mạng.
- Kết hợp với thư viện lưu động: bạn đọc ở xã đặt sách trước qua mạng, xe thư viện mang sách đến.

## Nguyên tắc thiết kế dịch vụ

1. <b>Dễ dùng trên điện thoại</b>: ít bước, chữ đủ lớn, không bắt tải ứng dụng nếu không cần.
2. <b>Thông tin rõ ràng</b>: giờ mở cửa, quy định mượn trả, số lần gia hạn, người liên hệ.
3. <b>Phản hồi nhanh</b>: có người trực và thời hạn trả lời được công bố.
4. <b>Có người chịu trách nhiệm</b>: mỗi dịch vụ có một viên chức phụ trách và một người thay thế.
5. <b>Không bỏ lại ai</b>: vẫn giữ kênh điện thoại và phục vụ tại chỗ cho người không dùng Internet,
  người cao tuổi, người khuyết tật.

[tip] Đừng mở cùng lúc mười dịch vụ. Hãy chọn hai hoặc ba dịch vụ bạn đọc của đơn vị cần nhất, làm thật
tốt trong ba tháng, đo kết quả, rồi mới mở rộng.

[info] Những kỹ năng trong khóa học này cũng áp dụng cho trung tâm học tập cộng đồng và điểm bưu điện -
văn hóa xã: chỉ cần một điện thoại thông minh, một tài khoản mạng xã hội của đơn vị và danh mục sách đang
có là đã có thể bắt đầu.
""",
        },
        {
            "slug": "tra-cuu-opac-va-tai-khoan-ban-doc",
            "title": "Tra cứu OPAC và quản lý tài khoản bạn đọc",
            "minutes": 25,
            "body": """
## Hướng dẫn bạn đọc tra cứu

Nhiều bạn đọc gõ vài chữ vào ô tìm kiếm, không thấy kết quả và bỏ cuộc. Một hướng dẫn ngắn, có hình minh
họa, đặt ngay trên trang tra cứu sẽ giúp họ rất nhiều:

- Tìm nhanh: gõ vài từ có trong nhan đề hoặc tên tác giả; có thể gõ có dấu hoặc không dấu.
- Tìm cụm từ chính xác: đặt cụm từ trong dấu ngoặc kép, ví dụ "chè Tân Cương".
- Lọc kết quả theo năm xuất bản, loại tài liệu, kho, ngôn ngữ.
- Đọc kết quả: ký hiệu xếp giá cho biết tài liệu nằm ở đâu trên giá; trạng thái cho biết tài liệu đang
  sẵn sàng hay đang được mượn, khi nào đến hạn trả.

## Đăng ký thẻ trực tuyến

- Biểu mẫu chỉ hỏi những thông tin thật sự cần cho việc mượn trả: họ tên, ngày sinh, số điện thoại hoặc
  e-mail, địa chỉ liên hệ, đối tượng bạn đọc.
- Ghi rõ mục đích sử dụng thông tin và thời gian lưu giữ; có ô để bạn đọc xác nhận đồng ý.
- Lần đầu nhận thẻ, bạn đọc xuất trình giấy tờ tùy thân để đối chiếu; thiếu nhi đăng ký cùng cha mẹ hoặc
  người giám hộ.

## Gia hạn, đặt mượn và nhắc hạn

- Công bố rõ số lần được gia hạn và trường hợp không được gia hạn (tài liệu đang có người khác đặt).
- Bật chức năng nhắc hạn tự động qua e-mail hoặc tin nhắn trước ngày đến hạn 2-3 ngày; nhiều bạn đọc
  quá hạn chỉ vì quên.
- Khi tài liệu đặt mượn đã về, báo cho bạn đọc và giữ tài liệu trong một thời hạn nhất định (ví dụ 3 ngày
  làm việc), quá hạn thì chuyển cho người đặt tiếp theo.

## Hỗ trợ khi bạn đọc gặp khó khăn

Chuẩn bị sẵn câu trả lời cho những tình huống thường gặp: quên mật khẩu, không đăng nhập được, tài liệu
hiển thị "đang mượn" nhưng bạn đọc đã trả, không gia hạn được. Viên chức trực quầy và người trực trang mạng
xã hội dùng chung một bộ câu trả lời để thống nhất thông tin.

[warning] Không bao giờ gửi mật khẩu của bạn đọc qua tin nhắn hay đọc qua điện thoại. Hướng dẫn bạn đọc dùng
chức năng "Quên mật khẩu" để tự đặt lại, hoặc đặt lại tại quầy sau khi đối chiếu giấy tờ.
""",
        },
        {
            "slug": "hoi-dap-thong-tin-truc-tuyen",
            "title": "Hỏi - đáp thông tin trực tuyến",
            "minutes": 25,
            "body": """
## Kênh tiếp nhận câu hỏi

Câu hỏi có thể đến qua biểu mẫu trên trang thông tin điện tử, e-mail của thư viện, hoặc tin nhắn gửi tài
khoản chính thức của thư viện trên mạng xã hội. Dù qua kênh nào, mọi câu hỏi phải được ghi vào một sổ
theo dõi chung (bảng tính dùng chung là đủ) để không câu hỏi nào bị bỏ sót khi người trực nghỉ phép.

## Quy trình năm bước

1. <b>Tiếp nhận và xác nhận</b>: trả lời ngay rằng thư viện đã nhận câu hỏi và khi nào sẽ trả lời.
2. <b>Làm rõ nhu cầu</b>: câu hỏi đầu tiên thường chưa phải nhu cầu thật. Hỏi lại bằng câu hỏi mở, ví dụ
  "Anh chị cần thông tin này để làm gì?", "Cần ở mức giới thiệu chung hay chuyên sâu?".
3. <b>Tìm kiếm</b>: trong vốn tài liệu của thư viện trước, sau đó đến các nguồn tin cậy khác.
4. <b>Trả lời</b>: ngắn gọn, có nguồn, có ký hiệu xếp giá hoặc đường dẫn; gợi ý cách tự tìm tiếp.
5. <b>Theo dõi và lưu</b>: hỏi bạn đọc đã nhận được thông tin cần chưa; lưu câu hỏi và câu trả lời.

## Ví dụ

Một học sinh hỏi: "Em cần tài liệu về An toàn khu ATK Định Hóa". Sau khi hỏi lại, thư viện biết em cần
chuẩn bị bài thuyết trình năm phút trong giờ học nội dung giáo dục địa phương. Câu trả lời tốt gợi ý hai
hoặc ba tài liệu địa chí phù hợp với lứa tuổi, kèm ký hiệu xếp giá; giới thiệu bài viết trên trang thông
tin của Khu di tích; hướng dẫn em tìm trên OPAC với từ khóa "ATK Định Hóa", "An toàn khu"; và nhắc em ghi
nguồn tài liệu trong bài.

## Thời hạn và chất lượng

- Xác nhận đã nhận câu hỏi trong vòng 1 giờ làm việc.
- Trả lời trong 1-2 ngày làm việc; câu hỏi cần nhiều thời gian thì báo cho bạn đọc thời hạn mới.
- Định kỳ đọc lại một số câu trả lời để rút kinh nghiệm chung.

[info] Thư viện hướng dẫn nguồn thông tin, không thay chuyên gia đưa ra tư vấn pháp lý, y tế hay tài chính.
Với những câu hỏi này, hãy giới thiệu văn bản, tài liệu chính thống và cơ quan có chức năng trả lời.

[tip] Sau vài tháng, tập hợp những câu hỏi lặp lại thành trang "Câu hỏi thường gặp" trên trang thông tin
của thư viện. Bạn đọc tự tìm được câu trả lời, viên chức có thêm thời gian cho câu hỏi khó.
""",
        },
        {
            "slug": "gioi-thieu-sach-va-cau-lac-bo-doc-truc-tuyen",
            "title": "Giới thiệu sách và câu lạc bộ đọc trực tuyến",
            "minutes": 25,
            "body": """
## Điểm sách ngắn

Video giới thiệu sách dài 1-3 phút, quay dọc bằng điện thoại, là hình thức dễ làm và được nhiều người
xem. Một bài giới thiệu tốt thường có:

1. Câu mở đầu gây chú ý: một câu hỏi, một chi tiết bất ngờ trong sách.
2. Nội dung chính ngắn gọn, không kể hết kết thúc.
3. Vì sao nên đọc: cuốn sách giúp ích gì cho người xem.
4. Thông tin để mượn: ký hiệu xếp giá, sách có ở thư viện nào, có bản điện tử không.
5. Lời mời: đến thư viện, bình luận, chia sẻ.

Ghi chú bằng chữ trên video giúp người xem ở nơi công cộng hiểu nội dung khi không bật tiếng.

## Câu lạc bộ đọc trực tuyến

- Nhóm 10-20 người, lịch gặp cố định (ví dụ tối thứ Năm tuần thứ hai hằng tháng) qua một phần mềm họp
  trực tuyến.
- Chọn sách trước ít nhất hai tuần; bảo đảm thư viện có đủ bản hoặc có bản điện tử hợp pháp.
- Người điều phối chuẩn bị 4-5 câu hỏi thảo luận, giữ thời gian, mời người ít nói phát biểu.
- Ghi lại những ý hay, đăng tóm tắt sau buổi gặp (khi các thành viên đồng ý).
- Thỉnh thoảng tổ chức gặp trực tiếp tại thư viện để gắn kết thành viên.

## Những nhóm bạn đọc cần cách làm riêng

- <b>Thiếu nhi</b>: đọc truyện cùng cha mẹ, ông bà; video kể chuyện kèm câu hỏi gợi mở.
- <b>Người cao tuổi</b>: chữ lớn, nói chậm, hướng dẫn từng bước cách vào buổi họp trực tuyến.
- <b>Bà con vùng dân tộc thiểu số</b>: giới thiệu sách bằng tiếng dân tộc khi có người đọc được; phối
  hợp với Trung tâm Văn hóa - Thể thao - Truyền thông đưa nội dung lên loa truyền thanh cơ sở.
- <b>Người khiếm thị</b>: giới thiệu sách nói, tài liệu chữ nổi và cách đăng ký sử dụng.

[warning] Đọc toàn văn một cuốn sách còn thời hạn bảo hộ trên livestream hay đăng lên mạng là vi phạm quyền
tác giả. Chỉ trích đọc đoạn ngắn để giới thiệu, ghi rõ tác giả và nhà xuất bản; muốn đọc dài phải xin phép
chủ sở hữu quyền.

[tip] Lập lịch giới thiệu sách cả năm, gắn với các dịp như Ngày Sách và Văn hóa đọc Việt Nam 21/4, khai
giảng năm học, Tuần lễ hưởng ứng học tập suốt đời đầu tháng 10, để luôn có nội dung đăng đều đặn.
""",
        },
        {
            "slug": "chat-luong-dich-vu-va-bao-ve-du-lieu-ca-nhan",
            "title": "Chất lượng dịch vụ và bảo vệ dữ liệu cá nhân",
            "minutes": 20,
            "body": """
## Đo chất lượng dịch vụ

Dịch vụ trực tuyến cần được đo để cải tiến và để báo cáo. Một số chỉ số đơn giản:

- Số lượt sử dụng từng dịch vụ mỗi tháng: lượt tra cứu, lượt gia hạn, lượt đặt mượn, số câu hỏi.
- Tỉ lệ câu hỏi được trả lời đúng thời hạn đã công bố.
- Mức độ hài lòng của bạn đọc qua khảo sát ngắn.
- Những phàn nàn, góp ý và việc đơn vị đã làm để khắc phục.

## Khảo sát nhanh

Khảo sát tốt là khảo sát ngắn: 3-5 câu, trả lời trong một phút. Ví dụ: "Anh chị hài lòng với câu trả lời
của thư viện ở mức nào (từ 1 đến 5)?", "Thông tin có giúp được anh chị không?", "Thư viện cần cải thiện
điều gì?". Đặt mã QR dẫn tới phiếu khảo sát ở quầy, trên thẻ bạn đọc và cuối mỗi câu trả lời trực tuyến.

## Bảo vệ dữ liệu cá nhân của bạn đọc

Luật Bảo vệ dữ liệu cá nhân (Luật số 91/2025/QH15, có hiệu lực từ ngày 01/01/2026) đặt ra trách nhiệm rõ
ràng cho mọi cơ quan, tổ chức thu thập và xử lý dữ liệu cá nhân, trong đó có thư viện. Trong công việc
hằng ngày, cần nhớ:

- Chỉ thu thập dữ liệu cần cho việc phục vụ, nói rõ mục đích và có sự đồng ý của bạn đọc.
- Lịch sử mượn, lịch sử tìm kiếm của bạn đọc là thông tin riêng tư: không công bố, không cung cấp cho
  người khác, kể cả người quen của bạn đọc, khi không có căn cứ.
- Phân quyền trên phần mềm: ai làm việc gì thì chỉ thấy dữ liệu cần cho việc đó.
- Xóa hoặc ẩn danh dữ liệu khi không còn cần, theo quy định lưu giữ của đơn vị.
- Khi phát hiện lộ lọt dữ liệu, báo ngay cho lãnh đạo đơn vị để xử lý theo quy định.

[warning] Ảnh chụp hoạt động có trẻ em chỉ đăng lên mạng khi đã có sự đồng ý của cha mẹ hoặc người giám hộ.
Tránh chụp cận mặt và không ghi tên, trường, lớp của trẻ trong chú thích.

[tip] Cuối mỗi quý, dành một buổi họp ngắn xem lại các chỉ số và góp ý của bạn đọc, chọn một điểm cần cải
thiện cho quý sau. Số liệu này cũng là phần nội dung của báo cáo năm.
""",
        },
    ],
}


COURSE_DIGITAL_EXHIBITION = {
    "slug": "trien-lam-so-va-tham-quan-ao-cho-bao-tang",
    "title": "Triển lãm số và tham quan ảo cho bảo tàng",
    "summary": (
        "Khóa đào tạo lại cho viên chức bảo tàng và trung tâm văn hóa: các hình thức trưng bày trên nền tảng số, "
        "xây dựng kịch bản triển lãm số, chụp ảnh 360 độ và dựng tour tham quan ảo, quảng bá và dùng triển lãm số "
        "trong giáo dục di sản cùng trường học."
    ),
    "objectives": rich_text(
        """
        - Phân biệt các hình thức trưng bày số và chọn hình thức phù hợp với điều kiện của đơn vị.
        - Xây dựng kịch bản triển lãm số có chủ đề, cấu trúc câu chuyện và thuyết minh đạt yêu cầu.
        - Lập sơ đồ điểm chụp, chụp ảnh 360 độ và dựng một tour tham quan ảo đơn giản.
        - Gắn triển lãm số với các ngày kỷ niệm và chương trình giáo dục di sản cho học sinh.
        """
    ),
    "audience": ["museum", "culture_centre"],
    "training_type": "retraining",
    "nominal_hours": "12",
    "self_enrolment_open": True,
    "cover": "cover-trien-lam",
    "lessons": [
        {
            "slug": "tu-trung-bay-truyen-thong-den-trien-lam-so",
            "title": "Từ trưng bày truyền thống đến triển lãm số",
            "minutes": 20,
            "body": """
## Vì sao cần triển lãm số?

Kế hoạch của UBND tỉnh triển khai Quyết định số 1520/QĐ-TTg yêu cầu đổi mới nội dung, hình thức trưng bày
và giới thiệu di sản văn hóa tại bảo tàng, đổi mới phương thức cung ứng sản phẩm, dịch vụ trên nền tảng
công nghệ số. Triển lãm số giúp bảo tàng đến với người không thể đến tận nơi: học sinh ở các xã xa trung
tâm, người cao tuổi, khách du lịch đang lên kế hoạch chuyến đi, kiều bào ở nước ngoài.

## Các hình thức phổ biến

- <b>Triển lãm trực tuyến</b>: một chuỗi trang web kể một câu chuyện bằng ảnh hiện vật, văn bản thuyết
  minh, âm thanh, video.
- <b>Tham quan ảo 360 độ</b>: người xem "đi" trong phòng trưng bày, dừng lại ở từng hiện vật để đọc
  thuyết minh.
- <b>Số hóa 3D hiện vật</b>: mô hình ba chiều xoay được, phù hợp hiện vật có hình khối đẹp.
- <b>Thuyết minh qua mã QR</b>: đặt mã QR cạnh hiện vật dẫn tới bài thuyết minh bằng chữ, âm thanh, nhiều
  thứ tiếng.
- <b>Màn hình tương tác tại bảo tàng</b>: trò chơi, câu đố, dòng thời gian.
- <b>Trưng bày lưu động kết hợp màn hình</b>: mang một phần bảo tàng đến trường học, nhà văn hóa xã.

## Lợi ích và giới hạn

Triển lãm số không bị giới hạn diện tích, không làm hiện vật xuống cấp vì ánh sáng hay thao tác, có thể
cập nhật nhanh và đo được số người xem. Tuy vậy, nó không thay được trải nghiệm đứng trước hiện vật thật;
lại cần kinh phí duy trì máy chủ, tên miền, và người cập nhật nội dung. Hãy coi triển lãm số là lời mời
đến bảo tàng, không phải vật thay thế bảo tàng.

[tip] Hãy bắt đầu từ những gì bảo tàng đã có: ảnh hiện vật chụp khi kiểm kê, hồ sơ khoa học hiện vật, các
bài viết cho những lần trưng bày chuyên đề trước. Một triển lãm trực tuyến 20-30 hiện vật có thể hoàn thành
trong vài tuần nếu tư liệu đã sẵn.

[info] Các nội dung này áp dụng được cho trung tâm văn hóa có phòng truyền thống hay nhà trưng bày, và cho
các khu di tích trên địa bàn tỉnh.
""",
        },
        {
            "slug": "xay-dung-kich-ban-trien-lam-so",
            "title": "Xây dựng kịch bản triển lãm số",
            "minutes": 30,
            "body": """
## Chủ đề và thông điệp

Mỗi triển lãm trả lời một câu hỏi: người xem sẽ nhớ điều gì sau khi xem? Chủ đề nên hẹp và gần gũi. Ví dụ
với Thái Nguyên: "Trang phục truyền thống của người Tày, Nùng, Dao", "Nghề chè qua các thế hệ", "Những ngày
ở An toàn khu ATK Định Hóa". Viết thông điệp chính thành một câu trước khi chọn hiện vật.

## Cấu trúc câu chuyện

1. <b>Mở đầu</b>: một hình ảnh ấn tượng và đoạn giới thiệu 100-150 từ nêu chủ đề, thông điệp.
2. <b>Các phần</b>: 3-5 phần, mỗi phần một ý, 5-8 hiện vật; có thể theo thời gian, theo không gian hoặc
  theo chủ đề nhỏ.
3. <b>Kết</b>: tóm tắt, câu hỏi gợi suy nghĩ, lời mời đến tham quan trực tiếp.

Một triển lãm trực tuyến vừa phải có khoảng 20-40 hiện vật. Nhiều hơn thì người xem mệt, ít hơn thì câu
chuyện dễ rời rạc.

## Viết thuyết minh hiện vật

- Mỗi hiện vật 80-150 từ: tên hiện vật, chất liệu, kích thước, niên đại, nơi sưu tầm, và quan trọng nhất
  là câu chuyện: hiện vật được làm, được dùng thế nào, nói gì về con người đã làm ra nó.
- Câu ngắn, tránh thuật ngữ chuyên môn; nếu phải dùng thì giải thích.
- Thông tin phải khớp với hồ sơ hiện vật; chỗ chưa chắc chắn thì ghi rõ là chưa xác định.
- Chuẩn bị bản tiếng Anh cho phần giới thiệu và hiện vật chính; nếu có thể, bản tiếng dân tộc cho những
  hiện vật của cộng đồng đó.

## Hình ảnh, quyền và sự tham gia của cộng đồng

- Ảnh hiện vật chụp trên nền trung tính, ánh sáng đều, có thước tỉ lệ trong bộ ảnh gốc.
- Ảnh, video, âm thanh không do bảo tàng tạo ra phải có sự đồng ý bằng văn bản của chủ sở hữu.
- Hiện vật gắn với tín ngưỡng, nghi lễ (ví dụ đồ dùng trong nghi lễ Then của người Tày) cần tham vấn nghệ
  nhân, người cao tuổi trong cộng đồng về cách giới thiệu phù hợp.

[info] Kịch bản triển lãm nên được hội đồng khoa học hoặc lãnh đạo chuyên môn của bảo tàng duyệt như với
một trưng bày chuyên đề thông thường, trước khi chuyển sang khâu dựng.

[tip] Đọc to bản thuyết minh cho một người không làm bảo tàng nghe. Chỗ nào họ phải hỏi lại là chỗ cần
viết lại.
""",
        },
        {
            "slug": "chup-anh-360-va-dung-tour-tham-quan-ao",
            "title": "Chụp ảnh 360 độ và dựng tour tham quan ảo",
            "minutes": 30,
            "body": """
## Thiết bị

- <b>Máy ảnh 360 độ</b> hai ống kính: dễ dùng, ghép ảnh tự động, phù hợp đa số phòng trưng bày.
- <b>Máy ảnh số kết hợp đầu quay toàn cảnh</b>: chất lượng cao hơn nhưng cần thời gian chụp và ghép ảnh.
- Chân máy chắc chắn, có thể nâng đến ngang tầm mắt; điều khiển chụp từ xa qua điện thoại để người chụp
  không lọt vào khung hình.

## Lập sơ đồ điểm chụp

[image so-do-diem-chup-360] Sơ đồ minh họa một phòng trưng bày: mỗi chấm tròn là một điểm đứng chụp ảnh
360 độ, các đường nối là liên kết để người xem di chuyển giữa các cảnh trong tour.

Trên sơ đồ mặt bằng, đánh dấu các điểm đứng chụp, thường cách nhau 3-5 m, sao cho từ điểm này nhìn thấy
điểm kế tiếp. Đặt điểm chụp ở lối vào mỗi phòng, giữa phòng và trước những hiện vật chính.

## Chụp ảnh

- Đặt máy ở độ cao ngang tầm mắt người lớn, khoảng 1,5-1,6 m, giữ cùng độ cao cho mọi điểm.
- Tắt bớt đèn gây chói, kiểm tra phản chiếu trên tủ kính; dùng chế độ chụp bù trừ sáng (HDR) khi phòng
  vừa có cửa sổ sáng vừa có góc tối.
- Chụp khi phòng không có khách; dọn biển báo tạm thời, thùng đồ.
- Ghi lại tên tệp tương ứng với từng điểm trên sơ đồ.

## Dựng tour

- Ghép ảnh (nếu cần), xóa chân máy ở đáy ảnh, xuất ảnh toàn cảnh.
- Dùng phần mềm dựng tour, ví dụ các thư viện mã nguồn mở Pannellum, Marzipano, hoặc dịch vụ thương mại.
- Tạo điểm di chuyển giữa các cảnh và <b>điểm thông tin</b> ở hiện vật: ảnh chi tiết, thuyết minh, âm
  thanh đọc thuyết minh.
- Tối ưu dung lượng để tour mở được trên điện thoại với mạng di động; thử trên máy cấu hình thấp.

[warning] Không dùng đèn flash hay đèn chiếu mạnh kéo dài với hiện vật nhạy sáng như hàng dệt, giấy, ảnh
cũ. Mọi việc di chuyển hiện vật để chụp phải do viên chức phụ trách bảo quản thực hiện hoặc đồng ý.

[tip] Chụp thử một phòng, dựng thử, cho đồng nghiệp xem trên điện thoại và góp ý, rồi mới chụp toàn bộ.
Sửa sơ đồ điểm chụp từ phòng đầu tiên rẻ hơn rất nhiều so với chụp lại cả bảo tàng.
""",
        },
        {
            "slug": "quang-ba-danh-gia-va-giao-duc-di-san",
            "title": "Quảng bá, đánh giá và giáo dục di sản cùng trường học",
            "minutes": 25,
            "body": """
## Ra mắt vào đúng dịp

Chọn thời điểm ra mắt triển lãm số gắn với các ngày kỷ niệm để được chú ý nhiều hơn: Ngày Quốc tế Bảo tàng
18/5, Ngày Di sản văn hóa Việt Nam 23/11, các ngày lễ lớn của đất nước và của tỉnh. Chuẩn bị sẵn bộ ảnh,
một video ngắn giới thiệu và thông cáo gửi các cơ quan báo chí, Đài Phát thanh - Truyền hình tỉnh, Trung
tâm Văn hóa - Thể thao - Truyền thông các huyện.

## Giáo dục di sản cùng trường học

Kế hoạch của tỉnh giao Sở Giáo dục và Đào tạo phối hợp với Sở Văn hóa, Thể thao và Du lịch xây dựng
chương trình sử dụng di sản văn hóa trong dạy và học ở trường phổ thông. Triển lãm số là công cụ thuận
tiện cho việc này:

- Soạn <b>phiếu học tập</b> theo lứa tuổi: câu hỏi mà học sinh phải tìm câu trả lời trong tour ảo.
- Cung cấp cho giáo viên gợi ý sử dụng trong tiết học: 10-15 phút xem tour, sau đó thảo luận.
- Tổ chức buổi học trực tuyến có hướng dẫn viên bảo tàng dẫn tour và trả lời câu hỏi.
- Mời các lớp đã xem tour đến tham quan trực tiếp, so sánh với trải nghiệm trên màn hình.

## Đo lường

- Lượt xem, số người xem, thời gian xem trung bình, những cảnh và hiện vật được xem nhiều nhất.
- Số trường, số lớp, số học sinh đã sử dụng; nhận xét của giáo viên.
- Số khách đến bảo tàng cho biết đã xem triển lãm số trước đó (hỏi khi bán vé hoặc qua phiếu khảo sát).

Những số liệu này đưa vào báo cáo năm của đơn vị về hoạt động phục vụ học tập suốt đời.

[tip] Đặt mã QR ở hiện vật trong bảo tàng dẫn tới trang thuyết minh của hiện vật đó trong triển lãm số, và
ngược lại, cuối mỗi tour ảo có lời mời và thông tin tham quan trực tiếp. Hai hình thức hỗ trợ nhau.

[info] Bảo tàng cũng có thể huy động sinh viên, tình nguyện viên giúp chuẩn bị bản dịch, ghi âm thuyết minh,
hướng dẫn học sinh, sau khi được tập huấn về nội dung và quy định bảo vệ hiện vật.
""",
        },
    ],
}


COURSE_LIFELONG_EVENTS = {
    "slug": "to-chuc-su-kien-hoc-tap-suot-doi",
    "title": "Tổ chức sự kiện học tập suốt đời",
    "summary": (
        "Khóa bồi dưỡng kỹ năng tổ chức các sự kiện phục vụ học tập suốt đời tại thư viện, bảo tàng, trung tâm văn "
        "hóa và cơ sở: Ngày Sách và Văn hóa đọc Việt Nam 21/4, Ngày Quốc tế Bảo tàng 18/5, Ngày Di sản văn hóa Việt "
        "Nam 23/11; truyền thông trên nền tảng số và mạng xã hội; huy động cộng tác viên, tình nguyện viên và báo "
        "cáo kết quả."
    ),
    "objectives": rich_text(
        """
        - Nêu được các ngày, sự kiện gắn với học tập suốt đời trong năm và ý nghĩa của từng ngày.
        - Lập kế hoạch, phân công và tổ chức một sự kiện theo bảng kiểm.
        - Xây dựng kế hoạch truyền thông trên nền tảng số cho sự kiện.
        - Huy động và tập huấn cộng tác viên, tình nguyện viên.
        - Thu thập số liệu và viết báo cáo kết quả đúng yêu cầu.
        """
    ),
    "audience": [
        "public_library",
        "museum",
        "culture_centre",
        "school_library",
        "armed_forces",
        "community_learning_centre",
        "post_culture_point",
    ],
    "training_type": "refresher",
    "nominal_hours": "12",
    "self_enrolment_open": True,
    "cover": "cover-su-kien",
    "lessons": [
        {
            "slug": "hoc-tap-suot-doi-va-vai-tro-thiet-che-van-hoa",
            "title": "Học tập suốt đời và vai trò của thiết chế văn hóa",
            "minutes": 20,
            "body": """
## Học tập suốt đời ở thư viện, bảo tàng, trung tâm văn hóa

Học tập suốt đời là việc mỗi người tiếp tục học ở mọi lứa tuổi, ở mọi nơi, không chỉ trong nhà trường.
Thư viện, bảo tàng, trung tâm văn hóa là những nơi học tập mở: ai cũng có thể đến, học theo nhu cầu của
mình, không thi cử. Ngày 09/12/2022, Thủ tướng Chính phủ ban hành Quyết định số 1520/QĐ-TTg phê duyệt
Chương trình "Đẩy mạnh các hoạt động phục vụ học tập suốt đời trong thư viện, bảo tàng, trung tâm văn hóa
đến năm 2030"; tháng 8/2023, UBND tỉnh Thái Nguyên ban hành Kế hoạch triển khai trên địa bàn tỉnh.

## Lịch sự kiện trong năm

Kế hoạch của tỉnh yêu cầu tổ chức hiệu quả các hoạt động học tập suốt đời gắn với các dịp sau:

- <b>21/4</b>: Ngày Sách và Văn hóa đọc Việt Nam.
- <b>23/4</b>: Ngày Sách và Bản quyền thế giới.
- <b>18/5</b>: Ngày Quốc tế Bảo tàng.
- <b>Đầu tháng 10</b>: Tuần lễ hưởng ứng học tập suốt đời (thường từ ngày 01 đến 07/10).
- <b>23/11</b>: Ngày Di sản văn hóa Việt Nam.
- Các ngày lễ, ngày kỷ niệm của đất nước và của tỉnh hằng năm.

## Chu trình tổ chức một sự kiện

1. <b>Lập kế hoạch</b>: mục đích, đối tượng, nội dung, thời gian, địa điểm, kinh phí, phân công.
2. <b>Chuẩn bị</b>: nội dung, khách mời, tài liệu, hậu cần, tình nguyện viên.
3. <b>Truyền thông</b>: trước, trong và sau sự kiện.
4. <b>Tổ chức</b>: đón tiếp, điều hành chương trình, an toàn, ghi nhận số liệu.
5. <b>Đánh giá và báo cáo</b>: số liệu, ý kiến người tham gia, bài học kinh nghiệm.

Các bài tiếp theo đi qua từng dịp lớn và từng khâu của chu trình này.

[info] Các cơ quan, đơn vị, địa phương báo cáo kết quả triển khai Kế hoạch về UBND tỉnh, qua Sở Văn hóa,
Thể thao và Du lịch, <b>trước ngày 30 tháng 11 hằng năm</b>. Số liệu của mỗi sự kiện nên được ghi lại ngay
khi tổ chức xong, không đợi đến cuối năm.

[tip] Lập một bảng lịch chung cho cả năm, dán ở phòng làm việc và chia sẻ với các đơn vị phối hợp. Nhiều sự
kiện cần chuẩn bị từ 1-2 tháng trước.
""",
        },
        {
            "slug": "ngay-sach-va-van-hoa-doc-viet-nam",
            "title": "Ngày Sách và Văn hóa đọc Việt Nam (21/4)",
            "minutes": 25,
            "body": """
## Nguồn gốc

Ngày 24/02/2014, Thủ tướng Chính phủ ký Quyết định số 284/QĐ-TTg lấy ngày 21/4 hằng năm là Ngày Sách Việt
Nam. Ngày 04/11/2021, Quyết định số 1862/QĐ-TTg về tổ chức <b>Ngày Sách và Văn hóa đọc Việt Nam</b> được ban
hành, thay thế Quyết định số 284/QĐ-TTg. Tên gọi mới nhấn mạnh mục tiêu không chỉ tôn vinh sách mà phát
triển thói quen và văn hóa đọc trong cộng đồng. Hai ngày sau, 23/4, là Ngày Sách và Bản quyền thế giới do
UNESCO khởi xướng; nhiều nơi tổ chức kết hợp thành một tuần hoặc một tháng hoạt động.

## Gợi ý hoạt động

- Trưng bày sách theo chủ đề của năm; giới thiệu tài liệu địa chí về Thái Nguyên.
- Giao lưu với tác giả, nhà nghiên cứu, người có câu chuyện đọc sách truyền cảm hứng.
- Thi kể chuyện theo sách, vẽ tranh, đóng kịch theo tác phẩm cho thiếu nhi; hưởng ứng cuộc thi Đại sứ Văn
  hóa đọc do Bộ Văn hóa, Thể thao và Du lịch phát động hằng năm.
- Đổi sách cũ lấy sách mới; quyên góp sách cho tủ sách ở thư viện xã, điểm bưu điện - văn hóa xã, trường
  học vùng khó khăn.
- Xe thư viện lưu động phục vụ tại các xã vùng sâu, vùng xa, kết hợp cho bạn đọc đăng ký thẻ tại chỗ.
- Giới thiệu sách trên mạng xã hội và loa truyền thanh cơ sở trong cả tuần lễ.

## Lịch chuẩn bị

- <b>Trước 6 tuần</b>: kế hoạch, dự toán, trình duyệt; chọn chủ đề và địa điểm.
- <b>Trước 4 tuần</b>: mời khách và đơn vị phối hợp; lập danh mục sách; tuyển tình nguyện viên.
- <b>Trước 2 tuần</b>: phát hành thông báo, bắt đầu truyền thông; in ấn phông, biển chỉ dẫn.
- <b>Trước 1 tuần</b>: kiểm tra âm thanh, điện, phương án khi mưa; tổng duyệt chương trình.
- <b>Sau 1 tuần</b>: thu dọn, quyết toán, gửi thư cảm ơn, tổng hợp số liệu và báo cáo.

Sổ tay dưới đây có bảng kiểm chi tiết từng việc, gợi ý hoạt động theo từng cấp (tỉnh, huyện, xã, trường
học) và danh mục số liệu cần thu thập cho báo cáo.

[document so-tay-ngay-sach] Tải Sổ tay hướng dẫn tổ chức Ngày Sách và Văn hóa đọc Việt Nam

[tip] Ở cấp xã, một góc đọc cho thiếu nhi vào buổi sáng chủ nhật, kết hợp đọc truyện qua loa truyền thanh
thôn, bản, có thể thu hút nhiều người hơn một buổi lễ trang trọng.
""",
        },
        {
            "slug": "ngay-quoc-te-bao-tang-va-ngay-di-san-van-hoa",
            "title": "Ngày Quốc tế Bảo tàng (18/5) và Ngày Di sản văn hóa Việt Nam (23/11)",
            "minutes": 25,
            "body": """
## Ngày Quốc tế Bảo tàng 18/5

Ngày Quốc tế Bảo tàng do Hội đồng Bảo tàng Quốc tế (ICOM) khởi xướng từ năm 1977, tổ chức hằng năm vào
ngày 18/5. Mỗi năm ICOM công bố một chủ đề chung; bảo tàng nên tìm hiểu chủ đề của năm trên trang thông tin
của ICOM để xây dựng chương trình phù hợp. Các hoạt động thường gặp:

- Mở cửa miễn phí hoặc kéo dài giờ mở cửa; tham quan có hướng dẫn theo chủ đề.
- Trưng bày chuyên đề nhỏ, giới thiệu hiện vật mới sưu tầm, hiện vật ít khi được trưng bày.
- "Một ngày làm người bảo tàng" cho học sinh: tìm hiểu công việc kiểm kê, bảo quản, thuyết minh.
- Ra mắt triển lãm số, tour tham quan ảo.

## Ngày Di sản văn hóa Việt Nam 23/11

Ngày 23/11/1945, Chủ tịch Hồ Chí Minh ký Sắc lệnh số 65/SL ấn định nhiệm vụ của Đông Phương Bác cổ Học viện,
sắc lệnh đầu tiên của Nhà nước ta về bảo tồn di sản văn hóa dân tộc. Ngày 24/02/2005, Thủ tướng Chính phủ
ban hành Quyết định số 36/2005/QĐ-TTg lấy ngày 23/11 hằng năm là Ngày Di sản văn hóa Việt Nam.

Thái Nguyên có nhiều di sản để giới thiệu nhân dịp này:

- Thực hành Then của người Tày, Nùng, Thái ở Việt Nam, được UNESCO ghi danh là di sản văn hóa phi vật thể
  đại diện của nhân loại năm 2019; hát then, đàn tính của người Tày.
- Hát sli của người Nùng, hát soọng cô của người Sán Dìu.
- Nghề làm chè và văn hóa trà Thái Nguyên.
- Hệ thống di tích An toàn khu ATK Định Hóa và các di tích lịch sử cách mạng trên địa bàn tỉnh.

Hoạt động phù hợp: trình diễn di sản có nghệ nhân tham gia, trải nghiệm nghề truyền thống, tham quan di
tích có thuyết minh, thi tìm hiểu di sản cho học sinh, tọa đàm về bảo tồn di sản trong đời sống hôm nay.

[info] Khi mời nghệ nhân, hãy trao đổi trước về nội dung trình diễn, thời lượng và chế độ bồi dưỡng; với
những thực hành gắn với tín ngưỡng, để nghệ nhân quyết định phần nào phù hợp trình diễn trước công chúng.

[warning] Sự kiện đông người ở bảo tàng, di tích cần phương án bảo vệ hiện vật, lối thoát hiểm, phòng cháy
và người trực y tế. Không cho khách chạm vào hiện vật nếu không có người hướng dẫn.
""",
        },
        {
            "slug": "truyen-thong-su-kien-tren-nen-tang-so",
            "title": "Truyền thông sự kiện trên nền tảng số và mạng xã hội",
            "minutes": 25,
            "body": """
## Kế hoạch truyền thông

Kế hoạch truyền thông trả lời năm câu hỏi: truyền thông để làm gì (mục tiêu đo được, ví dụ 300 người tham
dự), cho ai (học sinh, phụ huynh, người cao tuổi...), nói điều gì (một thông điệp chính), qua kênh nào và
khi nào. Các kênh thường dùng:

- Trang thông tin điện tử của đơn vị và của cơ quan quản lý.
- Trang, tài khoản chính thức của đơn vị trên mạng xã hội và ứng dụng nhắn tin.
- Video ngắn trên các nền tảng chia sẻ video.
- Báo Thái Nguyên, Đài Phát thanh - Truyền hình tỉnh, chuyên mục của Trung tâm Văn hóa - Thể thao - Truyền
  thông các huyện.
- Loa truyền thanh cơ sở, thông báo qua nhà trường, đoàn thể, nhóm tin nhắn của thôn, tổ dân phố.

## Lịch đăng bài mẫu

- <b>Trước 14 ngày</b>: thông báo sự kiện, thời gian, địa điểm, cách đăng ký.
- <b>Trước 7 ngày</b>: giới thiệu khách mời, hoạt động nổi bật, sách hoặc hiện vật sẽ giới thiệu.
- <b>Trước 3 ngày</b>: nhắc lịch, chỉ đường, nơi gửi xe.
- <b>Trong ngày</b>: ảnh, video ngắn, phát trực tiếp phần chính.
- <b>Sau 1 ngày</b>: tổng kết bằng con số và ảnh đẹp, cảm ơn người tham gia, khách mời, nhà tài trợ.

## Nội dung hiệu quả

- Ảnh thật của hoạt động và con người, chú thích đầy đủ; tránh ảnh kho trên mạng.
- Video dọc ngắn, có phụ đề; tiêu đề nói rõ lợi ích cho người xem.
- Một hashtag thống nhất cho cả tỉnh, ví dụ #NgaySachThaiNguyen, dùng giống nhau ở mọi đơn vị.
- Nội dung bằng tiếng dân tộc hoặc song ngữ cho những địa bàn có đông đồng bào.

## Ứng xử trên mạng xã hội

Viên chức quản trị tài khoản của đơn vị thực hiện Bộ Quy tắc ứng xử trên mạng xã hội ban hành kèm Quyết định
số 874/QĐ-BTTTT ngày 17/6/2021: tôn trọng, lành mạnh, an toàn và bảo mật thông tin, trách nhiệm. Trả lời
bình luận lịch sự, kịp thời; thông tin sai thì đính chính rõ ràng.

[warning] Tài khoản chính thức của đơn vị phải có ít nhất hai người quản trị, bật xác thực hai lớp, và không
dùng tài khoản cá nhân để đăng thay. Không đăng ảnh trẻ em cận mặt khi chưa có sự đồng ý của cha mẹ.

[tip] Ghi lại số lượt tiếp cận, tương tác của từng bài ngay sau sự kiện; các nền tảng thường chỉ lưu số liệu
chi tiết trong một thời gian nhất định.
""",
        },
        {
            "slug": "huy-dong-cong-tac-vien-tinh-nguyen-vien-va-bao-cao",
            "title": "Huy động cộng tác viên, tình nguyện viên và báo cáo kết quả",
            "minutes": 20,
            "body": """
## Huy động nguồn lực cộng đồng

Kế hoạch của tỉnh yêu cầu huy động nhân lực của cộng đồng tham gia tổ chức các hoạt động học tập suốt đời
tại thư viện, bảo tàng, trung tâm văn hóa. Những người có thể mời tham gia: sinh viên các trường đại học,
cao đẳng trên địa bàn, đoàn viên thanh niên, hội viên Hội Khuyến học, giáo viên và cán bộ đã nghỉ hưu, nghệ
nhân, người có uy tín ở thôn, bản.

## Quy trình làm việc với tình nguyện viên

1. <b>Mô tả công việc</b>: việc gì, bao lâu, cần kỹ năng gì, ai hướng dẫn.
2. <b>Tuyển chọn</b>: thông báo rộng rãi, gặp trao đổi trực tiếp, ghi thông tin liên hệ.
3. <b>Tập huấn</b>: giới thiệu đơn vị, nội dung sự kiện, quy định bảo vệ tài liệu, hiện vật, an toàn cho
  thiếu nhi. Cộng tác viên, tình nguyện viên có thể học khóa này trên hệ thống; kết quả của họ được thống
  kê riêng với viên chức, người lao động.
4. <b>Phân công</b>: mỗi người một việc rõ ràng, có người phụ trách để hỏi khi cần.
5. <b>Ghi nhận</b>: thư cảm ơn, giấy chứng nhận tham gia, đề nghị khen thưởng với người có đóng góp nổi
  bật.

## Báo cáo kết quả

Một báo cáo sự kiện tốt có số liệu, có ảnh và có nhận xét. Số liệu cần thu:

- Số hoạt động đã tổ chức; số lượt người tham gia, trong đó thiếu nhi, học sinh.
- Số sách, tài liệu, hiện vật được trưng bày, luân chuyển, giới thiệu.
- Số viên chức, người lao động và số cộng tác viên, tình nguyện viên tham gia tổ chức.
- Số bài viết, video đã đăng và lượt xem, tương tác.
- Ý kiến của người tham gia, điều làm tốt, điều cần rút kinh nghiệm.

Các báo cáo sự kiện là nguồn để tổng hợp báo cáo năm gửi Sở Văn hóa, Thể thao và Du lịch trước ngày 30
tháng 11. Kết quả bồi dưỡng của viên chức trên hệ thống học tập này được xuất trực tiếp theo đơn vị, loại
hình thiết chế và loại hình đào tạo để đính kèm báo cáo.

[tip] Thu số liệu ngay tại sự kiện: sổ đăng ký ở bàn đón tiếp, hoặc mã QR dẫn tới biểu mẫu đăng ký ngắn.
Đếm lại sau sự kiện vừa mất thời gian vừa thiếu chính xác.
""",
        },
    ],
}

COURSES = [
    COURSE_DIGITAL_LIBRARY,
    COURSE_DIGITISATION,
    COURSE_ONLINE_SERVICES,
    COURSE_DIGITAL_EXHIBITION,
    COURSE_LIFELONG_EVENTS,
]
