"""The documents as a reader gets them: the DOCX layout of NĐ 30/2020 checked on the file, and every kind rendered to
PDF by LibreOffice and read back with poppler (text with its diacritics, page count, Quốc hiệu on page 1)."""

import datetime
import io
import subprocess

import pytest
from django.core.exceptions import ValidationError
from docx import Document
from docx.shared import Mm

from thidua.documents import contexts, engine, produce, services
from thidua.documents.choices import DocumentKind
from thidua.documents.layout.builder import BUILDERS, shipped_path
from thidua.documents.models import DocumentTemplate
from thidua.documents.tests import factories as f

QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"
ADMINISTRATIVE = [k for k in DocumentKind.values if k != DocumentKind.CERTIFICATE]


def pdf_text(pdf: bytes, *, first: int | None = None, last: int | None = None) -> str:
    args = ["pdftotext", "-enc", "UTF-8"]
    if first:
        args += ["-f", str(first)]
    if last:
        args += ["-l", str(last)]
    # poppler's own tools on bytes we made: no untrusted input reaches the command line.
    text = subprocess.run([*args, "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()  # noqa: S603
    return " ".join(text.split())  # a long name wraps inside its cell: compare words, not lines


def pdf_pages(pdf: bytes) -> int:
    info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout.decode()  # noqa: S607
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def mm(length) -> float:
    return round(length / Mm(1), 1)


# --- layout of the shipped templates -----------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ADMINISTRATIVE)
def test_it_lays_out_administrative_documents_as_nd30(kind):
    doc = Document(str(shipped_path(kind)))
    section = doc.sections[0]
    assert (mm(section.page_width), mm(section.page_height)) == (210, 297)  # A4 portrait
    assert 20 <= mm(section.top_margin) <= 25
    assert 20 <= mm(section.bottom_margin) <= 25
    assert 30 <= mm(section.left_margin) <= 35
    assert 15 <= mm(section.right_margin) <= 20
    assert doc.styles["Normal"].font.name == "Times New Roman"
    fonts = {r.font.name for p in doc.paragraphs for r in p.runs if r.text.strip()}
    assert fonts == {"Times New Roman"}
    # Page numbers centred at the top from page 2 on, none on page 1.
    assert section.different_first_page_header_footer
    assert "PAGE" in section.header._element.xml
    assert "PAGE" not in section.first_page_header._element.xml
    xml = doc.element.xml
    assert QUOC_HIEU in xml
    assert TIEU_NGU in xml


def test_the_certificate_is_one_landscape_a4_page_in_times_new_roman():
    doc = Document(str(shipped_path(DocumentKind.CERTIFICATE)))
    section = doc.sections[0]
    assert (mm(section.page_width), mm(section.page_height)) == (297, 210)
    assert {r.font.name for p in doc.paragraphs for r in p.runs if r.text.strip()} == {"Times New Roman"}


def test_the_committed_templates_are_what_the_builder_makes(tmp_path):
    from thidua.documents.layout.builder import build_all

    build_all(tmp_path)
    for kind in BUILDERS:
        fresh, shipped = Document(str(tmp_path / f"{kind}.docx")), Document(str(shipped_path(kind)))
        assert fresh.element.xml == shipped.element.xml, f"{kind}.docx is stale: run manage.py build_document_templates"


@pytest.mark.parametrize(("day", "words"), [
    (datetime.date(2022, 11, 25), "ngày 25 tháng 11 năm 2022"),
    (datetime.date(2026, 1, 5), "ngày 05 tháng 01 năm 2026"),
    (datetime.date(2026, 2, 28), "ngày 28 tháng 02 năm 2026"),
    (datetime.date(2026, 3, 9), "ngày 09 tháng 3 năm 2026"),
])  # fmt: skip
def test_it_writes_the_date_in_words_with_the_leading_zeros_of_nd30(day, words):
    assert contexts.date_in_words(day) == words
    assert contexts.place_date("Hà Nam", day) == f"Hà Nam, {words}"


def test_it_formats_vietnamese_numbers():
    assert contexts.number(1490000) == "1.490.000"
    assert contexts.decimal_text(62.5) == "62,5"
    assert contexts.percent(1, 3) == "33,33%"


# --- rendered by LibreOffice ---------------------------------------------------------------------------------------


def _documents(p) -> dict[str, tuple[produce.Target, dict]]:
    m = f.movement(p)
    s = f.session(p)
    dec = f.decision(p, awardees=60)
    return {
        "plan": (produce.Target(m, m.unit), {}),
        "report": (produce.Target(f.final_phase(m), m.unit), {}),
        "memo": (produce.Target(s.items.first().item.proposal, p.grassroots), {}),
        "decision": (produce.Target(dec, dec.issuer), {}),
        "minutes": (produce.Target(s, s.unit), {}),
        "certificate": (produce.Target(dec, dec.issuer), {"awardee": 2}),
    }


def test_every_kind_renders_to_pdf_with_its_text_intact(personas):
    docs = _documents(personas)
    rendered = {kind: produce.render(kind, target, **kw)[0] for kind, (target, kw) in docs.items()}
    pdfs = dict(zip(rendered, engine.to_pdf(list(rendered.values())), strict=True))
    for kind, pdf in pdfs.items():
        page1 = pdf_text(pdf, first=1, last=1)
        assert QUOC_HIEU in page1, kind
        assert TIEU_NGU in page1, kind
    plan = pdf_text(pdfs["plan"])
    assert "KẾ HOẠCH" in plan
    assert "Số: 18/KH-CĐSTTTT" in plan
    assert "Hà Nam, ngày 05 tháng 01 năm 2025" in plan  # the place of the nearest ancestor's letterhead
    assert "Hoàn thành tốt nhiệm vụ được giao." in plan
    assert "Không để hồ sơ trễ hạn." in plan
    assert "CÔNG ĐOÀN VIÊN CHỨC TỈNH" in plan  # the parent body above the issuer
    report = pdf_text(pdfs["report"])
    assert "BÁO CÁO" in report
    assert "Tổng kết phong trào thi đua" in report
    assert "Có 1/2 chỉ tiêu đạt" in report
    assert "62,5%" in report
    assert "Không đạt" in report
    assert "Số:" in report
    assert "/BC-CĐSTTTT" in report
    memo = pdf_text(pdfs["memo"])
    assert "TỜ TRÌNH" in memo
    assert "Nguyễn Trung Hiếu" in memo
    assert "Trần Thị Hoa Lý" in memo
    assert "KT. CHỦ TỊCH" in memo
    assert "PHÓ CHỦ TỊCH" in memo
    assert "Nơi nhận:" in memo
    assert "Lưu: VT, CĐSTTTT." in memo
    decision = pdf_text(pdfs["decision"])
    assert "QUYẾT ĐỊNH" in decision
    assert "Số: 15/QĐ-CĐVC" in decision
    assert "Điều 1." in decision
    assert "DANH SÁCH" in decision
    assert "Tổng cộng: 60" in decision
    assert "42.120.000" in decision  # 60 × 702.000 đồng
    assert pdf_pages(pdfs["decision"]) >= 3  # the decision, then the annex over two pages
    assert "DANH SÁCH" not in pdf_text(pdfs["decision"], first=1, last=1)
    minutes = pdf_text(pdfs["minutes"])
    assert "BIÊN BẢN" in minutes
    assert "Hoàng Văn Tiến" in minutes
    assert "Đạt" in minutes
    assert "80%" in minutes
    assert "Điều 23 Luật Thi đua, Khen thưởng" in minutes
    certificate = pdf_text(pdfs["certificate"])
    assert "GIẤY KHEN" in certificate
    assert "Trần Thị Hoa Lý" in certificate
    assert "Số vào sổ: 15/0002" in certificate
    assert pdf_pages(pdfs["certificate"]) == 1


def test_page_numbers_start_on_page_two(personas):
    dec = f.decision(personas, awardees=60)
    pdf = engine.to_pdf(produce.render("decision", produce.Target(dec, dec.issuer)))[0]
    assert pdf_text(pdf, first=2, last=2).split()[0] == "2"
    assert pdf_text(pdf, first=1, last=1).split()[0] != "1"


def test_the_certificates_of_a_decision_come_as_one_pdf_a_page_each(personas):
    dec = f.decision(personas, awardees=3)
    name, content_type, data = produce.produce("certificates", produce.Target(dec, dec.issuer), "pdf")
    assert content_type == "application/pdf"
    assert name.endswith(".pdf")
    assert pdf_pages(data) == 3
    text = pdf_text(data)
    assert "Nguyễn Trung Hiếu" in text
    assert "Trần Thị Hoa Lý" in text


def test_a_missing_libreoffice_is_a_clear_error(settings):
    settings.THIDUA_SOFFICE = "/nonexistent/soffice"
    with pytest.raises(engine.EngineError, match="THIDUA_SOFFICE"):
        engine.to_pdf([shipped_path("memo").read_bytes()])


# --- numbers and templates -----------------------------------------------------------------------------------------


def test_issuing_numbers_a_report_once_per_year_and_series(personas):
    m = f.movement(personas)
    phases = list(m.phases.order_by("starts_on"))
    first = services.document_issue(kind="report", obj=phases[0], issuer=m.unit, on=datetime.date(2025, 6, 30))
    again = services.document_issue(kind="report", obj=phases[0], issuer=m.unit)
    second = services.document_issue(kind="report", obj=phases[1], issuer=m.unit, on=datetime.date(2025, 11, 20))
    assert first.pk == again.pk
    assert (first.symbol, second.symbol) == ("01/BC-CĐSTTTT", "02/BC-CĐSTTTT")
    assert contexts.report_context(phases[1])["symbol"] == "02/BC-CĐSTTTT"


def _template_with(text: str, kind: str = "memo") -> bytes:
    doc = Document(str(shipped_path(kind)))
    doc.add_paragraph(text)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def test_an_upload_with_unknown_placeholders_is_refused_with_their_list(personas):
    data = _template_with("{{ ngay_ky }} và {{ so_tien }} cùng {{ recipient }}")
    with pytest.raises(ValidationError) as err:
        services.template_upload(kind="memo", owner=personas.grassroots, data=data, filename="to-trinh.docx")
    message = err.value.message_dict["file"][0]
    assert "ngay_ky" in message
    assert "so_tien" in message
    assert "recipient" not in message
    assert not DocumentTemplate.objects.exists()


def test_a_file_that_is_not_word_is_refused(personas):
    with pytest.raises(ValidationError, match="Word"):
        services.template_upload(kind="memo", owner=None, data=b"not a docx", filename="x.docx")


def test_an_uploaded_template_applies_to_its_subtree_only(personas, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    p = personas
    data = _template_with("Mẫu riêng của công đoàn cơ sở: {{ recipient }}")
    services.template_upload(kind="memo", owner=p.grassroots, data=data, filename="to-trinh.docx", by=p.admin)
    prop = f.proposal(p)
    mine = Document(io.BytesIO(produce.render("memo", produce.Target(prop, p.grassroots))[0]))
    assert any("Mẫu riêng của công đoàn cơ sở: Hội đồng Thi đua - Khen thưởng" in x.text for x in mine.paragraphs)
    other = Document(io.BytesIO(produce.render("memo", produce.Target(prop, p.other_grassroots))[0]))
    assert not any("Mẫu riêng" in x.text for x in other.paragraphs)
    services.template_reset(kind="memo", owner=p.grassroots)
    assert engine.uploaded_template("memo", p.grassroots) is None
