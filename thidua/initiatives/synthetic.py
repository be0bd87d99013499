"""Synthetic Vietnamese initiatives: for the similarity evaluation (with planted near-duplicates), the benchmark
(700,000 of them) and the demo. Deterministic for a given seed.

A text is assembled from a topic family of its field (title objects; problem and solution sentences with slots for
the place, the software and numbers) and from sentences any initiative may use, so unrelated initiatives share the
administrative phrasing real ones share. Near-duplicates are made from an original the way recycled texts are:
sentences reordered, words dropped or replaced by synonyms, the diacritics removed, numbers or the unit changed.
"""

import random
import re
from dataclasses import dataclass, field

from thidua.core.text import fold

ACTIONS = ["Cải tiến", "Ứng dụng", "Đổi mới", "Xây dựng", "Số hóa", "Hoàn thiện", "Nâng cao hiệu quả",
           "Áp dụng", "Tổ chức lại", "Chuẩn hóa", "Đơn giản hóa", "Triển khai"]  # fmt: skip
PLACES = ["Văn phòng Đăng ký đất đai", "Sở Tư pháp", "Sở Nội vụ", "Sở Tài nguyên và Môi trường",
          "Sở Thông tin và Truyền thông", "Trung tâm Quan trắc tài nguyên và môi trường",
          "Trung tâm Phát triển quỹ đất",
          "Văn phòng Sở", "Chi cục Bảo vệ môi trường", "Ủy ban nhân dân xã Tân Phú", "Bệnh viện đa khoa tỉnh",
          "Trường THPT Thành phố Cao Lãnh", "Báo Đồng Tháp", "Kho bạc Nhà nước tỉnh", "Cục Thuế tỉnh",
          "Bảo hiểm xã hội huyện", "Công ty May Hưng Phát", "Trung tâm Y tế huyện", "Đài Phát thanh và Truyền hình",
          "Ban Quản lý các khu công nghiệp"]  # fmt: skip
TOOLS = [
    "phần mềm quản lý văn bản",
    "Cổng dịch vụ công",
    "hệ thống một cửa điện tử",
    "chữ ký số",
    "thư điện tử công vụ",
    "bảng tính Excel",
    "ứng dụng Zalo",
    "mã QR",
    "phần mềm kế toán",
    "hệ thống camera",
]
GENERIC = [
    "Sáng kiến đã được áp dụng thử nghiệm tại đơn vị từ tháng {n} và nhận được phản hồi tích cực.",
    "Giải pháp dễ thực hiện, không đòi hỏi kinh phí lớn và có thể nhân rộng.",
    "Sau {n} tháng áp dụng, kết quả được lãnh đạo đơn vị đánh giá cao.",
    "Tập thể tác giả đã khảo sát ý kiến của {n} người trước khi đề xuất.",
    "",
    "",
]
BENEFITS = [
    "Thời gian xử lý giảm khoảng {n}% so với trước.",
    "Mỗi năm tiết kiệm khoảng {m} triệu đồng.",
    "Tiết kiệm khoảng {h} giờ công mỗi tháng.",
    "Tỷ lệ trễ hạn giảm từ {n}% xuống dưới {k}%.",
]
PROBLEM_TEMPLATES = [
    "{Noun} tại {place} {issue}, {consequence}.",
    "Hiện nay việc {task} {noun} còn {weakness} nên {consequence}.",
    "Trước đây {actor} phải {manual} {noun2}, {consequence}.",
    "Khi {event}, {noun2} {issue}.",
]
SOLUTION_TEMPLATES = [
    "{Method} {noun} {means}.",
    "Giao {actor} {duty} {noun2} {frequency}.",
    "{Method2} để {goal}.",
    "Xây dựng {artifact} về {noun2} và {spread}.",
    "Bổ sung {check} đối với {noun} {frequency}.",
]
SPREAD = [
    "phổ biến tới từng phòng",
    "niêm yết công khai",
    "gửi qua nhóm trao đổi của đơn vị",
    "tập huấn cho người thực hiện",
    "đăng trên trang thông tin điện tử",
]
FREQUENCY = ["hằng ngày", "hằng tuần", "mỗi tháng một lần", "theo quý", "ngay khi phát sinh", "cuối mỗi buổi làm việc"]
WEAKNESS = ["thủ công", "rời rạc", "chồng chéo", "thiếu thống nhất", "phụ thuộc vào giấy tờ", "chưa khoa học"]


@dataclass(frozen=True)
class Family:
    """A field's vocabulary: title objects and the pools the templates draw from."""

    field: str
    objects: tuple[str, ...]
    nouns: tuple[str, ...]
    tasks: tuple[str, ...]
    issues: tuple[str, ...]
    consequences: tuple[str, ...]
    actors: tuple[str, ...]
    manual: tuple[str, ...]
    events: tuple[str, ...]
    methods: tuple[str, ...]
    means: tuple[str, ...]
    duties: tuple[str, ...]
    goals: tuple[str, ...]
    artifacts: tuple[str, ...]
    checks: tuple[str, ...]


FAMILIES = [
    Family(
        "admin_reform",
        (
            "quy trình tiếp nhận hồ sơ một cửa",
            "quy trình trả kết quả thủ tục hành chính",
            "cách hướng dẫn người dân nộp hồ sơ",
            "thủ tục cấp giấy chứng nhận quyền sử dụng đất",
            "việc giải quyết thủ tục hộ tịch",
        ),
        (
            "hồ sơ đất đai",
            "hồ sơ hộ tịch",
            "hồ sơ cấp phép xây dựng",
            "thủ tục đăng ký kinh doanh",
            "giấy chứng nhận quyền sử dụng đất",
            "hồ sơ chứng thực",
            "phiếu hẹn trả kết quả",
            "tờ khai đăng ký",
        ),
        ("tiếp nhận", "luân chuyển", "thẩm định", "trả kết quả", "lưu trữ", "tra cứu"),
        (
            "thường bị thiếu giấy tờ",
            "bị chuyển qua nhiều khâu trung gian",
            "hay bị thất lạc",
            "bị trả lại nhiều lần",
            "quá hạn giải quyết",
            "phải bổ sung nhiều lần",
        ),
        (
            "người dân phải đi lại nhiều lần",
            "thời gian chờ đợi kéo dài",
            "gây bức xúc cho người dân",
            "cán bộ mất nhiều thời gian giải thích",
            "tỷ lệ hồ sơ trễ hạn tăng",
        ),
        ("cán bộ một cửa", "công chức địa chính", "công chức tư pháp - hộ tịch", "chuyên viên thẩm định"),
        ("ghi sổ theo dõi", "photo và chuyển tay", "gọi điện nhắc", "nhập lại nhiều lần"),
        ("đến đợt cao điểm cuối năm", "có thay đổi quy định", "người dân nộp hồ sơ trực tuyến", "thiếu cán bộ trực"),
        ("Niêm yết danh mục giấy tờ của", "Chuẩn hóa mẫu tờ khai", "Lập phiếu kiểm tra thành phần", "Phân luồng"),
        ("ngay tại quầy tiếp nhận", "theo từng nhóm thủ tục", "trên hệ thống một cửa điện tử", "bằng mã QR"),
        ("hướng dẫn trước qua điện thoại về", "kiểm tra và ký nhận", "nhắn tin báo kết quả", "rà soát"),
        (
            "người dân chỉ phải đi một lần",
            "rút ngắn thời gian chờ",
            "không còn hồ sơ trễ hạn",
            "giảm giấy tờ không cần thiết",
        ),
        ("sổ tay hướng dẫn", "quy trình nội bộ", "bộ câu hỏi thường gặp", "sơ đồ các bước"),
        ("bước kiểm tra chéo", "sổ theo dõi điện tử", "cảnh báo trễ hạn", "phiếu đánh giá mức độ hài lòng"),
    ),
    Family(
        "digital",
        (
            "quản lý văn bản đi, đến trên môi trường mạng",
            "ký số văn bản điện tử",
            "lưu trữ hồ sơ điện tử",
            "họp trực tuyến",
            "ứng dụng trí tuệ nhân tạo tóm tắt văn bản",
        ),
        (
            "văn bản đến",
            "văn bản đi",
            "hồ sơ lưu trữ",
            "tài liệu cuộc họp",
            "chữ ký số",
            "báo cáo định kỳ",
            "dữ liệu thống kê",
            "thư điện tử công vụ",
        ),
        ("xử lý", "phân phối", "ký duyệt", "số hóa", "tổng hợp", "chia sẻ"),
        (
            "vẫn phải in ra giấy",
            "chậm được chuyển đến người xử lý",
            "khó tìm lại khi cần",
            "bị trùng lặp giữa các phòng",
            "không được sao lưu",
        ),
        (
            "tốn nhiều giấy, mực in",
            "lãnh đạo khó theo dõi tiến độ",
            "mất hàng giờ để tra cứu",
            "dễ sai sót khi tổng hợp",
            "chi phí chuyển phát lớn",
        ),
        ("văn thư", "chuyên viên", "lãnh đạo phòng", "cán bộ phụ trách công nghệ thông tin"),
        ("in và trình ký", "scan thủ công", "gửi bản giấy", "gõ lại số liệu"),
        ("mất điện hoặc mất mạng", "cần họp gấp", "có đoàn kiểm tra", "cuối kỳ báo cáo"),
        ("Triển khai xử lý toàn bộ", "Số hóa và gắn mã", "Cấp tài khoản để ký", "Đồng bộ"),
        (
            "trên phần mềm quản lý văn bản",
            "trên nền tảng điện toán đám mây",
            "bằng chữ ký số",
            "qua hệ thống thư điện tử công vụ",
        ),
        ("hỗ trợ kỹ thuật về", "sao lưu", "phân loại", "kiểm tra định dạng"),
        (
            "không còn văn bản giấy trừ văn bản mật",
            "tra cứu trong vài giây",
            "giảm chi phí in ấn",
            "lãnh đạo theo dõi được mọi lúc",
        ),
        ("tài liệu hướng dẫn ngắn", "video hướng dẫn", "quy chế sử dụng", "danh mục dữ liệu"),
        ("cảnh báo trễ hạn", "nhật ký truy cập", "bước sao lưu tự động", "mật khẩu hai lớp"),
    ),
    Family(
        "management",
        (
            "công tác lập kế hoạch công tác tuần",
            "việc giao và theo dõi nhiệm vụ",
            "công tác đánh giá, xếp loại cán bộ hằng tháng",
            "tổ chức hội nghị, hội họp",
        ),
        (
            "nhiệm vụ được giao",
            "lịch công tác",
            "kết quả đánh giá cán bộ",
            "biên bản cuộc họp",
            "kế hoạch tuần",
            "chỉ tiêu thi đua",
            "báo cáo tiến độ",
        ),
        ("giao", "theo dõi", "đánh giá", "tổng hợp", "điều chỉnh"),
        (
            "không rõ người chịu trách nhiệm",
            "thay đổi mà không được thông báo",
            "bị trễ hạn",
            "thiếu căn cứ định lượng",
        ),
        (
            "khó quy trách nhiệm",
            "cuối năm đánh giá thiếu chính xác",
            "công việc bị chồng chéo",
            "hiệu quả làm việc chưa cao",
        ),
        ("trưởng phòng", "chánh văn phòng", "cán bộ tổng hợp", "tổ trưởng"),
        ("ghi chép vào sổ tay", "nhắc việc bằng lời", "tổng hợp bằng tay", "họp nhiều lần"),
        ("có nhiệm vụ đột xuất", "cuối tháng tổng hợp", "nhân sự thay đổi", "có nhiều cuộc họp trùng giờ"),
        ("Lập bảng theo dõi", "Công khai", "Định lượng", "Rút gọn"),
        (
            "với hạn hoàn thành cụ thể",
            "trên phần mềm quản lý công việc",
            "bằng bảng tính dùng chung",
            "theo tiêu chí chấm điểm",
        ),
        ("cập nhật", "tổng hợp", "đối chiếu", "báo cáo"),
        (
            "mọi nhiệm vụ đều có người chịu trách nhiệm",
            "đánh giá cán bộ khách quan",
            "giảm số cuộc họp",
            "hoàn thành đúng hạn",
        ),
        ("bộ tiêu chí chấm điểm", "mẫu báo cáo tuần", "quy chế làm việc", "lịch họp cố định"),
        ("bước nhắc việc tự động", "đánh giá giữa kỳ", "báo cáo nhanh", "họp giao ban ngắn"),
    ),
    Family(
        "environment",
        (
            "công tác phân loại rác thải tại nguồn",
            "việc quan trắc chất lượng nước",
            "thu gom chất thải nguy hại",
            "trồng và chăm sóc cây xanh",
            "giảm rác thải nhựa trong cơ quan",
        ),
        (
            "rác thải sinh hoạt",
            "chất thải nguy hại",
            "số liệu quan trắc",
            "nước thải",
            "chai nhựa dùng một lần",
            "cây xanh trong khuôn viên",
            "mẫu nước mặt",
        ),
        ("thu gom", "phân loại", "lấy mẫu", "xử lý", "tái chế"),
        ("chưa được phân loại", "bị để lẫn với rác thông thường", "được ghi chép thủ công", "vượt ngưỡng cho phép"),
        ("gây ô nhiễm môi trường", "tốn chi phí thu gom", "chậm phát hiện sự cố", "ảnh hưởng mỹ quan cơ quan"),
        ("nhân viên vệ sinh", "cán bộ quan trắc", "đoàn viên thanh niên", "tổ bảo vệ"),
        ("đo đạc và ghi tay", "gom chung", "đi lấy mẫu thủ công", "tưới cây bằng tay"),
        ("mùa mưa bão", "có sự cố tràn dầu", "nắng nóng kéo dài", "tổ chức sự kiện đông người"),
        ("Bố trí thùng chứa riêng cho", "Lắp thiết bị đo tự động cho", "Thay thế", "Quy hoạch lại"),
        ("theo ba nhóm", "truyền số liệu về máy chủ", "bằng vật liệu thân thiện môi trường", "theo bản đồ số"),
        ("kiểm tra", "thu gom", "báo cáo", "vệ sinh"),
        (
            "giảm lượng rác chôn lấp",
            "phát hiện sớm ô nhiễm",
            "không dùng đồ nhựa một lần",
            "tạo cảnh quan xanh, sạch, đẹp",
        ),
        ("bảng hướng dẫn phân loại", "bản đồ điểm quan trắc", "nội quy bảo vệ môi trường", "sổ theo dõi cây xanh"),
        ("ngưỡng cảnh báo", "điểm thu gom", "bước kiểm tra chéo", "lịch chăm sóc"),
    ),
    Family(
        "finance",
        (
            "công tác thanh toán, quyết toán kinh phí",
            "quản lý tài sản công",
            "lập dự toán ngân sách",
            "thực hành tiết kiệm chi thường xuyên",
        ),
        (
            "hồ sơ thanh toán",
            "tài sản cố định",
            "dự toán năm",
            "chứng từ kế toán",
            "khoản chi thường xuyên",
            "hóa đơn điện tử",
            "công cụ dụng cụ",
        ),
        ("lập", "kiểm tra", "kiểm kê", "quyết toán", "đối chiếu"),
        (
            "phải qua nhiều bước ký duyệt",
            "không được kiểm kê thường xuyên",
            "phải điều chỉnh nhiều lần",
            "lưu bằng giấy",
            "sai lệch so với thực tế",
        ),
        (
            "chậm thanh toán cho đối tác",
            "khó xác định hiện trạng tài sản",
            "lãng phí ngân sách",
            "khó giải trình khi kiểm toán",
        ),
        ("kế toán", "thủ quỹ", "cán bộ quản lý tài sản", "trưởng phòng kế hoạch tài chính"),
        ("đối chiếu từng chứng từ", "kiểm đếm bằng tay", "lập bảng kê thủ công", "ghi sổ"),
        ("cuối năm ngân sách", "có đoàn thanh tra", "thay đổi định mức chi", "mua sắm tập trung"),
        ("Dán mã QR lên", "Áp dụng phần mềm để quản lý", "Xây dựng định mức cho", "Thanh toán không dùng tiền mặt cho"),
        ("bằng điện thoại thông minh", "theo từng nhiệm vụ", "qua ngân hàng", "trên phần mềm kế toán"),
        ("kiểm kê", "đối chiếu", "lập bảng kê", "số hóa"),
        ("thanh toán trong ngày", "biết ngay hiện trạng tài sản", "dự toán sát thực tế", "minh bạch tài chính"),
        ("quy chế chi tiêu nội bộ", "danh mục tài sản", "bảng định mức", "mẫu chứng từ điện tử"),
        ("đối chiếu số dư", "kiểm kê đột xuất", "ký duyệt điện tử", "báo cáo công khai"),
    ),
    Family(
        "union",
        (
            "tổ chức sinh hoạt công đoàn",
            "công tác chăm lo đời sống đoàn viên",
            "phong trào văn hóa, thể thao",
            "phát triển đoàn viên mới",
            "tuyên truyền chính sách pháp luật cho người lao động",
        ),
        (
            "buổi sinh hoạt tổ công đoàn",
            "quỹ hỗ trợ đoàn viên",
            "giải thể thao",
            "đoàn viên mới",
            "chế độ chính sách",
            "hoàn cảnh đoàn viên",
            "tin tức công đoàn",
        ),
        ("tổ chức", "thông tin", "nắm bắt", "vận động", "tuyên truyền"),
        ("còn hình thức", "ít người tham gia", "đến chậm và không đầy đủ", "chưa được quan tâm kịp thời"),
        (
            "đoàn viên thiếu gắn bó",
            "phong trào kém sôi nổi",
            "người lao động thiệt thòi quyền lợi",
            "công đoàn chưa phát huy vai trò",
        ),
        ("tổ trưởng công đoàn", "ban chấp hành", "ủy ban kiểm tra", "ban nữ công"),
        ("họp trực tiếp", "phát thông báo giấy", "đi thăm từng nhà", "ghi danh sách bằng tay"),
        ("đoàn viên ốm đau", "dịp Tết Nguyên đán", "có thiên tai", "kỷ niệm ngày thành lập công đoàn"),
        ("Đổi mới nội dung", "Lập nhóm trao đổi trực tuyến về", "Thành lập quỹ cho", "Tổ chức định kỳ"),
        ("theo chuyên đề gắn với chuyên môn", "qua ứng dụng nhắn tin", "bằng nguồn xã hội hóa", "giữa các tổ"),
        ("nắm bắt", "thăm hỏi", "vận động", "thông tin"),
        (
            "mọi đoàn viên đều được hỗ trợ",
            "đoàn viên tham gia tích cực",
            "tăng số đoàn viên mới",
            "người lao động hiểu quyền lợi",
        ),
        ("sổ theo dõi hoàn cảnh đoàn viên", "bản tin công đoàn", "quy chế quỹ tương trợ", "lịch thi đấu"),
        ("khen thưởng kịp thời", "khảo sát ý kiến", "bình chọn", "giám sát"),
    ),
    Family(
        "health",
        (
            "quy trình khám bệnh ngoại trú",
            "quản lý thuốc tại khoa dược",
            "chăm sóc người bệnh nội trú",
            "phòng chống nhiễm khuẩn bệnh viện",
        ),
        (
            "người bệnh ngoại trú",
            "thuốc cận hạn",
            "hồ sơ bệnh án",
            "phiếu chăm sóc",
            "dụng cụ y tế",
            "kết quả xét nghiệm",
            "lịch hẹn tái khám",
        ),
        ("đăng ký", "cấp phát", "ghi chép", "tiệt khuẩn", "trả kết quả"),
        (
            "phải xếp hàng nhiều lần",
            "không được phát hiện kịp thời",
            "ghi bằng tay mất thời gian",
            "tiệt khuẩn chưa đúng quy trình",
        ),
        ("quá tải khu chờ khám", "lãng phí thuốc", "điều dưỡng quá tải", "nguy cơ lây nhiễm chéo"),
        ("điều dưỡng", "dược sĩ", "bác sĩ điều trị", "kỹ thuật viên xét nghiệm"),
        ("ghi sổ", "kiểm đếm thủ công", "gọi tên từng người", "chép lại kết quả"),
        ("giờ cao điểm buổi sáng", "mùa dịch", "thiếu nhân lực trực", "bệnh nhân chuyển viện"),
        ("Cho đăng ký trước", "Theo dõi hạn dùng của", "Điện tử hóa", "Phân khu riêng cho"),
        ("qua tổng đài và ứng dụng", "trên phần mềm dược", "bằng máy tính bảng", "theo màu sắc"),
        ("cảnh báo", "kiểm tra", "nhắn tin", "bàn giao"),
        ("giảm thời gian chờ khám", "không còn thuốc hết hạn", "giảm tải cho điều dưỡng", "giảm nhiễm khuẩn"),
        ("sơ đồ hướng dẫn", "quy trình chuẩn", "bảng kiểm", "danh mục thuốc"),
        ("cảnh báo tự động", "giám sát tuân thủ", "kiểm tra chéo", "khảo sát hài lòng"),
    ),
    Family(
        "education",
        (
            "đổi mới phương pháp dạy học",
            "quản lý hồ sơ học sinh",
            "tổ chức ôn thi tốt nghiệp",
            "giáo dục kỹ năng sống cho học sinh",
        ),
        (
            "giờ học lý thuyết",
            "hồ sơ học sinh",
            "ngân hàng câu hỏi",
            "bài kiểm tra",
            "sổ điểm",
            "hoạt động ngoại khóa",
            "học sinh yếu kém",
        ),
        ("soạn", "chấm", "quản lý", "ôn tập", "tổ chức"),
        ("ít tương tác", "khó tổng hợp", "dàn trải", "mất nhiều thời gian", "chưa phù hợp năng lực"),
        ("kết quả học tập chưa cao", "giáo viên quá tải", "học sinh chán học", "báo cáo chậm"),
        ("giáo viên chủ nhiệm", "tổ trưởng chuyên môn", "giáo viên bộ môn", "cán bộ thư viện"),
        ("nhập điểm bằng tay", "chấm bài trên giấy", "chép lại hồ sơ", "gọi điện cho phụ huynh"),
        ("gần kỳ thi", "đầu năm học", "học sinh nghỉ học kéo dài", "thay đổi chương trình"),
        ("Áp dụng học theo dự án cho", "Số hóa", "Phân nhóm theo năng lực cho", "Lồng ghép kỹ năng sống vào"),
        ("bằng ứng dụng trên điện thoại", "theo từng chủ đề", "trên nền tảng học trực tuyến", "qua trò chơi"),
        ("hướng dẫn", "chấm", "theo dõi", "ôn tập"),
        ("học sinh hứng thú hơn", "giảm thời gian chấm bài", "tăng tỷ lệ đỗ tốt nghiệp", "phụ huynh nắm kết quả"),
        ("kho học liệu số", "bộ đề ôn tập", "sổ tay chủ nhiệm", "kế hoạch ngoại khóa"),
        ("kiểm tra định kỳ", "phiếu đánh giá", "thông báo cho phụ huynh", "dự giờ"),
    ),
    Family(
        "technical",
        (
            "quy trình bảo dưỡng máy móc",
            "dây chuyền đóng gói sản phẩm",
            "tiết kiệm điện năng",
            "cải tiến khuôn dập",
            "an toàn vệ sinh lao động tại phân xưởng",
        ),
        (
            "máy may công nghiệp",
            "khuôn dập",
            "băng chuyền",
            "hệ thống chiếu sáng",
            "động cơ điện",
            "phụ tùng thay thế",
            "thiết bị bảo hộ",
        ),
        ("bảo dưỡng", "vận hành", "lắp ráp", "kiểm tra", "thay thế"),
        ("hỏng đột xuất", "làm thủ công nên năng suất thấp", "tiêu tốn nhiều điện", "tỷ lệ lỗi cao", "thiếu an toàn"),
        ("gián đoạn sản xuất", "tăng chi phí sửa chữa", "công nhân dễ bị tai nạn", "chậm giao hàng"),
        ("công nhân vận hành", "tổ trưởng sản xuất", "kỹ thuật viên", "cán bộ an toàn"),
        ("tìm dụng cụ", "căn chỉnh bằng mắt", "kiểm tra bằng tay", "ghi nhật ký giấy"),
        ("tăng ca cuối năm", "nắng nóng", "thay đổi mẫu mã sản phẩm", "mất điện lưới"),
        ("Chế tạo đồ gá cho", "Lập lịch bảo dưỡng định kỳ cho", "Thay thế", "Sắp xếp theo phương pháp 5S"),
        ("bằng vật liệu sẵn có", "theo giờ chạy máy", "bằng thiết bị tiết kiệm năng lượng", "có dán nhãn vị trí"),
        ("kiểm tra", "vệ sinh", "bôi trơn", "hiệu chỉnh"),
        ("tăng năng suất", "giảm tỷ lệ lỗi", "tiết kiệm điện", "không xảy ra tai nạn lao động"),
        ("sổ tay vận hành", "bảng kiểm an toàn", "lịch bảo dưỡng", "sơ đồ kho dụng cụ"),
        ("công tắc hẹn giờ", "cảm biến an toàn", "bước nghiệm thu", "kiểm tra đầu ca"),
    ),
]
SYNONYMS = {
    "cải tiến": "đổi mới", "giảm": "rút ngắn", "nâng cao": "tăng cường", "người dân": "công dân",
    "cán bộ": "công chức", "thời gian": "thời lượng", "hồ sơ": "giấy tờ", "nhanh": "kịp thời", "khó khăn": "vướng mắc",
    "tổ chức": "triển khai", "áp dụng": "vận dụng", "theo dõi": "giám sát", "kịp thời": "nhanh chóng",
    "thường xuyên": "liên tục", "chi phí": "kinh phí", "đơn vị": "cơ quan", "thực hiện": "triển khai",
    "tiết kiệm": "giảm bớt", "hướng dẫn": "chỉ dẫn", "lập": "xây dựng",
}  # fmt: skip


@dataclass
class SyntheticInitiative:
    key: int
    field: str
    title: str
    problem: list[str]
    solution: list[str]
    original: int | None = None  # for a near-duplicate, the key of the initiative it was made from
    operations: list[str] = field(default_factory=list)

    @property
    def problem_text(self) -> str:
        return " ".join(self.problem)

    @property
    def solution_text(self) -> str:
        return " ".join(self.solution)


def _compose(family: Family, rng: random.Random, place: str) -> tuple[list[str], list[str], str]:
    """Problem and solution sentences of a new initiative, and the title's object."""
    nouns = rng.sample(family.nouns, 2)

    def slots() -> dict[str, str]:
        noun, noun2 = nouns if rng.random() < 0.7 else (nouns[1], nouns[0])
        return {
            "Noun": noun[0].upper() + noun[1:], "noun": noun, "noun2": noun2, "place": place,
            "task": rng.choice(family.tasks), "issue": rng.choice(family.issues),
            "consequence": rng.choice(family.consequences), "actor": rng.choice(family.actors),
            "manual": rng.choice(family.manual), "event": rng.choice(family.events),
            "weakness": rng.choice(WEAKNESS), "Method": rng.choice(family.methods),
            "Method2": f"{rng.choice(family.methods)} {noun2} {rng.choice(family.means)}",
            "means": rng.choice(family.means), "duty": rng.choice(family.duties), "goal": rng.choice(family.goals),
            "frequency": rng.choice(FREQUENCY), "artifact": rng.choice(family.artifacts),
            "spread": rng.choice(SPREAD), "check": rng.choice(family.checks),
        }  # fmt: skip

    problem = [t.format(**slots()) for t in rng.sample(PROBLEM_TEMPLATES, rng.randint(2, 3))]
    solution = [t.format(**slots()) for t in rng.sample(SOLUTION_TEMPLATES, rng.randint(3, 4))]
    numbers = {"n": rng.randint(2, 60), "m": rng.randint(5, 250), "h": rng.randint(10, 400), "k": rng.randint(1, 9)}
    solution.append(rng.choice(BENEFITS).format(**numbers))
    generic = rng.choice(GENERIC).format(**numbers)
    if generic:
        solution.append(generic)
    return problem, solution, rng.choice(family.objects)


def generate(count: int, *, seed: int = 1) -> list[SyntheticInitiative]:
    """``count`` distinct initiatives (independently composed; different fills of shared templates)."""
    rng = random.Random(seed)
    made: list[SyntheticInitiative] = []
    for key in range(count):
        family = rng.choice(FAMILIES)
        place = rng.choice(PLACES)
        problem, solution, obj = _compose(family, rng, place)
        title = f"{rng.choice(ACTIONS)} {obj} tại {place}"
        made.append(SyntheticInitiative(key=key, field=family.field, title=title, problem=problem, solution=solution))
    return made


def _replace_synonyms(sentence: str, rng: random.Random, share: float) -> str:
    for word, other in SYNONYMS.items():
        if word in sentence and rng.random() < share:
            sentence = sentence.replace(word, other, 1)
    return sentence


def _drop_words(sentence: str, rng: random.Random, share: float) -> str:
    words = sentence.split()
    kept = [w for w in words if rng.random() >= share]
    return " ".join(kept or words)


_NUMBER = re.compile(r"\d+")

OPERATIONS = (
    "reorder",
    "drop_words",
    "synonyms",
    "no_diacritics",
    "numbers",
    "other_unit",
    "drop_sentence",
    "rewrite_sentence",
)


def near_duplicate(original: SyntheticInitiative, *, key: int, rng: random.Random) -> SyntheticInitiative:
    """A recycled version of ``original``: two to four of OPERATIONS applied."""
    operations = rng.sample(OPERATIONS, rng.randint(2, 4))
    title, problem, solution = original.title, list(original.problem), list(original.solution)
    if "reorder" in operations:
        rng.shuffle(problem)
        rng.shuffle(solution)
    if "drop_sentence" in operations and len(solution) > 3:
        solution.pop(rng.randrange(len(solution)))
    if "rewrite_sentence" in operations:  # one sentence of the solution written anew
        family = next(f for f in FAMILIES if f.field == original.field)
        _problem, fresh, _obj = _compose(family, rng, rng.choice(PLACES))
        solution[rng.randrange(len(solution))] = fresh[0]
    if "synonyms" in operations:
        title = _replace_synonyms(title, rng, 0.7)
        problem = [_replace_synonyms(s, rng, 0.7) for s in problem]
        solution = [_replace_synonyms(s, rng, 0.7) for s in solution]
    if "drop_words" in operations:
        problem = [_drop_words(s, rng, 0.12) for s in problem]
        solution = [_drop_words(s, rng, 0.12) for s in solution]
    if "numbers" in operations:
        solution = [_NUMBER.sub(lambda m: str(rng.randint(2, 90)), s) for s in solution]
    if "other_unit" in operations:
        place = next(p for p in PLACES if p in title) if any(p in title for p in PLACES) else ""
        other = rng.choice([p for p in PLACES if p != place])
        if place:
            title = title.replace(place, other)
            problem = [s.replace(place, other) for s in problem]
    if "no_diacritics" in operations:
        title, problem, solution = fold(title), [fold(s) for s in problem], [fold(s) for s in solution]
    return SyntheticInitiative(key=key, field=original.field, title=title, problem=problem, solution=solution,
                               original=original.key, operations=operations)  # fmt: skip


def evaluation_set(*, distinct: int = 220, duplicates: int = 80, seed: int = 1) -> list[SyntheticInitiative]:
    """``distinct`` initiatives and ``duplicates`` near-duplicates of randomly chosen ones among them."""
    rng = random.Random(seed * 7919)
    items = generate(distinct, seed=seed)
    originals = rng.sample(items, min(duplicates, len(items)))
    for i in range(duplicates):
        items.append(near_duplicate(originals[i % len(originals)], key=len(items), rng=rng))
    return items
