from django.db import models
from django.utils.translation import gettext_lazy as _


class RecordSource(models.TextChoices):
    """Where an award-history record comes from."""

    DECISION = "decision", _("Quyết định trên hệ thống")
    IMPORTED = "imported", _("Nhập từ tệp Excel")
    MANUAL = "manual", _("Nhập tay")


class AbsenceKind(models.TextChoices):
    """Time away from work in a year. The rule pack says which kinds count toward the year (maternity leave does)."""

    MATERNITY = "maternity", _("Nghỉ thai sản")
    SICK = "sick", _("Nghỉ ốm đau dài ngày")
    UNPAID = "unpaid", _("Nghỉ không lương")
    STUDY = "study", _("Đi học tập trung")
    OTHER = "other", _("Nghỉ khác")


class ProposalStatus(models.TextChoices):
    """The life of a proposal batch (tờ trình) and of each of its items through the levels."""

    DRAFT = "draft", _("Bản nháp")
    SUBMITTED = "submitted", _("Đã gửi")
    RECEIVED = "received", _("Đã tiếp nhận")
    RETURNED = "returned", _("Trả lại")
    UNDER_REVIEW = "under_review", _("Đang xét")
    VOTED = "voted", _("Đã bỏ phiếu")
    DECIDED = "decided", _("Đã quyết định khen thưởng")
    REJECTED = "rejected", _("Không khen thưởng")


PROPOSAL_EDITABLE = frozenset({ProposalStatus.DRAFT, ProposalStatus.RETURNED})
PROPOSAL_CLOSED = frozenset({ProposalStatus.DECIDED, ProposalStatus.REJECTED})


class AttachmentKind(models.TextChoices):
    """Pieces of a proposal dossier (hồ sơ đề nghị khen thưởng)."""

    COVER_MEMO = "cover_memo", _("Tờ trình")
    ACHIEVEMENT_REPORT = "achievement_report", _("Báo cáo thành tích")
    COUNCIL_MINUTES = "council_minutes", _("Biên bản họp Hội đồng")
    EVIDENCE = "evidence", _("Minh chứng (sáng kiến, xếp loại …)")
    OTHER = "other", _("Tài liệu khác")


class SessionStatus(models.TextChoices):
    OPEN = "open", _("Đang họp, nhận phiếu")
    CLOSED = "closed", _("Đã kết thúc, kết quả cố định")


class SeatRole(models.TextChoices):
    CHAIR = "chair", _("Chủ tịch Hội đồng")
    VICE_CHAIR = "vice_chair", _("Phó Chủ tịch Hội đồng")
    SECRETARY = "secretary", _("Thư ký")
    MEMBER = "member", _("Ủy viên")


class Attendance(models.TextChoices):
    PRESENT = "present", _("Có mặt")
    ABSENT = "absent", _("Vắng mặt (gửi phiếu bằng văn bản)")


class BallotChoice(models.TextChoices):
    YES = "yes", _("Đồng ý")
    NO = "no", _("Không đồng ý")
    BLANK = "blank", _("Không biểu quyết")
