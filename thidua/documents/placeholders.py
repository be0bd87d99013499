"""The placeholders each document kind offers its Word template: name, meaning, example. An uploaded template may
use only these (checked with docxtpl's ``get_undeclared_template_variables``); docs/documents.md prints this table.
Loop variables (``{% for a in awardees %}`` … ``{{ a.name }}``) are declared by the loop; their fields are listed
under the list's name."""

from dataclasses import dataclass

from thidua.documents.choices import DocumentKind


@dataclass(frozen=True)
class Placeholder:
    name: str
    meaning: str
    example: str


COMMON = [
    Placeholder("parent_name", "Tên cơ quan cấp trên trực tiếp (chữ in hoa)", "CÔNG ĐOÀN VIÊN CHỨC TỈNH"),
    Placeholder("issuer_name", "Tên cơ quan ban hành (chữ in hoa, đậm)", "CÔNG ĐOÀN SỞ THÔNG TIN VÀ TRUYỀN THÔNG"),
    Placeholder("issuer_short", "Chữ viết tắt tên cơ quan ban hành", "CĐSTTTT"),
    Placeholder("issuer_full", "Tên cơ quan ban hành (chữ thường)", "Công đoàn Sở Thông tin và Truyền thông"),
    Placeholder("symbol", "Số, ký hiệu văn bản (để trống số khi chưa cấp số)", "18/KH-CĐSTTTT"),
    Placeholder("place_date", "Địa danh, ngày tháng năm ban hành", "Hà Nam, ngày 05 tháng 01 năm 2026"),
    Placeholder("subject", "Trích yếu nội dung", "Phát động phong trào thi đua năm 2026"),
    Placeholder("recipients", "Nơi nhận: danh sách dòng, kết thúc bằng “- Lưu: VT, …”", "- Như trên; - Lưu: VT."),
    Placeholder("signer_authority", "Thẩm quyền ký (TM. …)", "TM. BAN CHẤP HÀNH"),
    Placeholder("signer_title", "Chức vụ người ký (có thể 2 dòng: KT. CHỦ TỊCH / PHÓ CHỦ TỊCH)", "CHỦ TỊCH"),
    Placeholder("signer_name", "Họ và tên người ký", "Nguyễn Văn Hùng"),
]

BY_KIND: dict[str, list[Placeholder]] = {
    DocumentKind.PLAN: [
        Placeholder("preamble", "Căn cứ, lý do ban hành", "Thực hiện Kế hoạch số 12/KH-LĐLĐ …"),
        Placeholder("purpose", "Mục đích, yêu cầu: danh sách đoạn", "Động viên đoàn viên …"),
        Placeholder("content_groups", "Phần nội dung: number, name, entries (text, standards)", "1. Về chuyên môn"),
        Placeholder("targets", "Chỉ tiêu: number, name, deadline", "100% đoàn viên … (thời hạn: 31/10/2026)"),
        Placeholder("criteria", "Tiêu chí chấm điểm: code, name, max_points", "1 | Hoàn thành nhiệm vụ | 50"),
        Placeholder("criteria_total", "Tổng điểm tối đa", "100"),
        Placeholder("section_phases", "Số La Mã của mục Thời gian", "V"),
        Placeholder("section_registration", "Số La Mã của mục Đăng ký", "VI"),
        Placeholder("section_organisation", "Số La Mã của mục Tổ chức thực hiện", "VII"),
        Placeholder("starts_on", "Ngày bắt đầu", "01/01/2026"),
        Placeholder("ends_on", "Ngày kết thúc", "31/10/2026"),
        Placeholder("phases", "Các đợt: name, starts_on, ends_on, review, review_due", "Đợt 1 …"),
        Placeholder("registration", "Đăng ký thi đua (thời hạn)", "Đăng ký trước ngày 15/02/2026."),
        Placeholder("organisation", "Tổ chức thực hiện: danh sách đoạn", "Các công đoàn cơ sở …"),
    ],
    DocumentKind.REPORT: [
        Placeholder("report_type", "SƠ KẾT hoặc TỔNG KẾT", "TỔNG KẾT"),
        Placeholder("preamble", "Mở đầu", "Thực hiện Kế hoạch số 18/KH-CĐSTTTT …"),
        Placeholder("period", "Kỳ báo cáo", "từ ngày 01/01/2026 đến ngày 31/10/2026"),
        Placeholder("situation", "Tình hình chung (số đơn vị, đoàn viên)", "… 1.750 công đoàn cơ sở, 300.000 …"),
        Placeholder("member_count", "Số đoàn viên trong phạm vi", "300.000"),
        Placeholder("targets_summary", "Tóm tắt chỉ tiêu đạt / chưa đạt", "Đạt 4/5 chỉ tiêu"),
        Placeholder("targets", "Chỉ tiêu: number, name, value, units, status", "1 | … | 92,5% | 10/12 | Đã đạt"),
        Placeholder("targets_reached", "Chỉ tiêu đã đạt: name, value", ""),
        Placeholder("targets_missed", "Chỉ tiêu chưa đạt: name, value", ""),
        Placeholder("registrations_summary", "Kết quả đăng ký thi đua", "280.000 cá nhân, 1.700 tập thể …"),
        Placeholder("classification_summary", "Tóm tắt xếp loại", "… 250.000 đoàn viên được xếp loại …"),
        Placeholder("classification", "Xếp loại: label, members, share, units", "Hoàn thành xuất sắc | 50.000"),
        Placeholder("awards_summary", "Tóm tắt khen thưởng", "…"),
        Placeholder("awards", "Danh hiệu, khen thưởng: title, individuals, collectives", "Lao động tiên tiến | 120"),
        Placeholder("initiatives_summary", "Sáng kiến", "… 35 sáng kiến được công nhận …"),
        Placeholder("activities_summary", "Hoạt động", "… 3.500 hoạt động …"),
        Placeholder("activities", "Hoạt động: kind, count, attendances", "Văn nghệ, thể thao | 1.750 | 300.000"),
        Placeholder("assessment", "Đánh giá chung: danh sách đoạn", "…"),
        Placeholder("next_heading", "Tiêu đề mục IV", "PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI"),
        Placeholder("next_steps", "Phương hướng: danh sách đoạn", "…"),
    ],
    DocumentKind.MEMO: [
        Placeholder("recipient", "Kính gửi", "Ban Thường vụ Công đoàn Viên chức tỉnh"),
        Placeholder("preamble", "Căn cứ", "Căn cứ Luật Thi đua, Khen thưởng năm 2022 …"),
        Placeholder("summary", "Nội dung đề nghị", "… đề nghị khen thưởng cho 12 cá nhân, 2 tập thể …"),
        Placeholder("by_title", "Theo danh hiệu: title, count", "Giấy khen: 03 cá nhân"),
        Placeholder("items", "Danh sách: number, name, unit, title, achievements", "1 | Nguyễn Văn A | …"),
        Placeholder("item_count", "Số người, tập thể được đề nghị", "14"),
        Placeholder("closing", "Kết thúc", "Kính đề nghị … xem xét, quyết định."),
    ],
    DocumentKind.DECISION: [
        Placeholder("authority", "Thẩm quyền ban hành (chữ in hoa)", "BAN CHẤP HÀNH CÔNG ĐOÀN …"),
        Placeholder("grounds", "Căn cứ: danh sách đoạn", "Căn cứ Luật Thi đua, Khen thưởng năm 2022;"),
        Placeholder("article1", "Điều 1", "Tặng Giấy khen cho 2.000 cá nhân …"),
        Placeholder("article2", "Điều 2 (tiền thưởng)", "Mức thưởng … tổng số tiền 1.490.000.000 đồng."),
        Placeholder("article3", "Điều 3 (thi hành)", "Văn phòng … chịu trách nhiệm thi hành Quyết định này."),
        Placeholder("annex_title", "Tên danh sách kèm theo", "CÁ NHÂN, TẬP THỂ ĐƯỢC KHEN THƯỞNG NĂM 2026"),
        Placeholder("decided_on", "Ngày ký (dd/mm/yyyy)", "05/01/2027"),
        Placeholder("awardees", "Danh sách: n, name, unit, title, amount", "1 | Nguyễn Văn A | … | 745.000"),
        Placeholder("awardee_count", "Số người, tập thể", "2.000"),
        Placeholder("total_amount", "Tổng tiền thưởng", "1.490.000.000"),
    ],
    DocumentKind.MINUTES: [
        Placeholder("opening", "Thời gian, địa điểm, thành phần cuộc họp", "Hôm nay, ngày 20 tháng 12 năm 2026 …"),
        Placeholder("attendance_summary", "Số thành viên có mặt / vắng", "Có mặt 5/7 thành viên …"),
        Placeholder("seats", "Thành viên: number, name, position, role, attendance", "1. Nguyễn Văn A …"),
        Placeholder("method", "Hình thức biểu quyết", "Bỏ phiếu kín …"),
        Placeholder("items", "Kết quả: number, name, title, yes, no, blank, share, result", "…"),
        Placeholder("thresholds", "Căn cứ tỷ lệ phiếu", "Chiến sĩ thi đua cơ sở: từ 80% …"),
        Placeholder("conclusion", "Kết luận", "Hội đồng thống nhất đề nghị …"),
        Placeholder("passed", "Danh sách đạt", "Nguyễn Văn A – Chiến sĩ thi đua cơ sở"),
        Placeholder("closing", "Kết thúc cuộc họp", "Cuộc họp kết thúc cùng ngày …"),
        Placeholder("secretary_name", "Thư ký", "Trần Thị B"),
        Placeholder("chair_name", "Chủ tọa", "Nguyễn Văn A"),
    ],
    DocumentKind.CERTIFICATE: [
        Placeholder("authority", "Cấp tặng (chữ in hoa)", "BAN CHẤP HÀNH CÔNG ĐOÀN VIÊN CHỨC TỈNH"),
        Placeholder("heading", "GIẤY KHEN hoặc GIẤY CHỨNG NHẬN", "GIẤY KHEN"),
        Placeholder("title_line", "Danh hiệu (với giấy chứng nhận)", "Danh hiệu Lao động tiên tiến"),
        Placeholder("awardee_name", "Người, tập thể được tặng", "Ông Nguyễn Văn A"),
        Placeholder("awardee_unit", "Đơn vị công tác", "Công đoàn Sở Thông tin và Truyền thông"),
        Placeholder("achievement", "Thành tích", "Đã có thành tích xuất sắc trong phong trào thi đua năm 2026"),
        Placeholder("decision_symbol", "Số quyết định", "15/QĐ-CĐVC"),
        Placeholder("decided_on", "Ngày quyết định", "05/01/2027"),
        Placeholder("register_number", "Số vào sổ (số quyết định / số thứ tự)", "15/0001"),
    ],
}

# A certificate has no number, subject or "Nơi nhận" of its own.
_NOT_FOR = {DocumentKind.CERTIFICATE: {"symbol", "subject", "recipients"}}


def placeholders(kind: str) -> list[Placeholder]:
    skip = _NOT_FOR.get(kind, set())
    return [p for p in COMMON if p.name not in skip] + BY_KIND[kind]


def allowed_names(kind: str) -> set[str]:
    return {p.name for p in placeholders(kind)}
