from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    """The documents generated from the data, each with its Word template (``layout/<kind>.docx``)."""

    PLAN = "plan", _("Kế hoạch phát động phong trào")
    REPORT = "report", _("Báo cáo sơ kết, tổng kết")
    MEMO = "memo", _("Tờ trình đề nghị khen thưởng")
    DECISION = "decision", _("Quyết định khen thưởng (kèm danh sách)")
    MINUTES = "minutes", _("Biên bản họp Hội đồng, kiểm phiếu")
    CERTIFICATE = "certificate", _("Giấy khen, giấy chứng nhận")


# The number series (NĐ 30/2020 Phụ lục III abbreviations) a kind is numbered in; a certificate carries its decision's.
SERIES = {
    DocumentKind.PLAN: "KH",
    DocumentKind.REPORT: "BC",
    DocumentKind.MEMO: "TTr",
    DocumentKind.DECISION: "QĐ",
    DocumentKind.MINUTES: "BB",
}


class OutputFormat(models.TextChoices):
    DOCX = "docx", "DOCX"
    PDF = "pdf", "PDF"
