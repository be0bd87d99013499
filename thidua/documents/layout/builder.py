"""Builds the shipped Word templates (``layout/*.docx``) in the NĐ 30/2020/NĐ-CP layout, with python-docx.

The generated files are committed; ``manage.py build_document_templates`` rebuilds them, so every layout rule lives
here in code and a change to it is reviewable. The placeholders each template uses are documented in
``thidua.documents.placeholders`` (an upload is checked against that list).

Layout (NĐ 30/2020 Phụ lục I; union documents QĐ 933/QĐ-TLĐ): A4 portrait; margins top 20 mm, bottom 20 mm, left
30 mm, right 15 mm; Times New Roman; the issuing body under its parent at top left and the Quốc hiệu with the Tiêu ngữ
at top right; số/ký hiệu under the issuing body; place and date in italics under the Tiêu ngữ; document type and
subject in bold, centred; body 14 pt justified, first line indented 1 cm, 6 pt after each paragraph; page numbers
centred in the top margin from page 2 on; signature block at right and "Nơi nhận" (bold italic 12, list in 11) at
left.
"""

import datetime
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor

LAYOUT_DIR = Path(__file__).resolve().parent
FONT = "Times New Roman"
PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 210, 297
MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}
BODY_PT = 14
CENTER, LEFT, RIGHT, JUSTIFY = (WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.RIGHT,
                                WD_ALIGN_PARAGRAPH.JUSTIFY)  # fmt: skip


# --- primitives -------------------------------------------------------------------------------------------------------


def _fonts(element_rpr) -> None:
    """Times New Roman for every script slot (Latin, complex, East Asian): Vietnamese letters use the Latin slots."""
    fonts = element_rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        element_rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)


def new_document(*, landscape: bool = False, margins: dict | None = None, page_numbers: bool = True) -> Document:
    doc = Document()
    section = doc.sections[0]
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(PAGE_HEIGHT_MM), Mm(PAGE_WIDTH_MM)
    else:
        section.page_width, section.page_height = Mm(PAGE_WIDTH_MM), Mm(PAGE_HEIGHT_MM)
    m = margins or MARGINS_MM
    section.top_margin, section.bottom_margin = Mm(m["top"]), Mm(m["bottom"])
    section.left_margin, section.right_margin = Mm(m["left"]), Mm(m["right"])
    section.header_distance = Mm(10)
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_PT)
    _fonts(normal.element.get_or_add_rPr())
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    for name in ("Table Grid",):
        if name in [s.name for s in doc.styles]:
            style = doc.styles[name]
            style.font.name = FONT
            _fonts(style.element.get_or_add_rPr())
    # Page numbers: centred at the top, not on page 1 (NĐ 30/2020 Phụ lục I).
    section.different_first_page_header_footer = True
    if page_numbers:
        para = section.header.paragraphs[0]
        para.alignment = CENTER
        _page_field(para)
    return doc


def _page_field(paragraph) -> None:
    run = paragraph.add_run()
    _style_run(run, size=13)
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, None), ("end", None)):
        if kind:
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), kind)
            run._r.append(fld)
        elif text:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        else:
            t = OxmlElement("w:t")
            t.text = "2"
            run._r.append(t)


def _style_run(run, *, size: float = BODY_PT, bold=False, italic=False, underline=False, color=None) -> None:
    run.font.name = FONT
    run.font.size = Pt(size)
    run.bold, run.italic, run.underline = bold, italic, underline
    if color:
        run.font.color.rgb = RGBColor.from_string(color)
    _fonts(run._r.get_or_add_rPr())


def para(
    container,
    text: str = "",
    *,
    align=JUSTIFY,
    size: float = BODY_PT,
    bold=False,
    italic=False,
    underline=False,
    indent: bool = False,
    after: float = 6,
    before: float = 0,
    color=None,
    keep_next=False,
):
    """One paragraph with one run (a Jinja tag must sit whole in a run: one run per paragraph keeps it so)."""
    p = container.add_paragraph()
    p.alignment = align
    fmt = p.paragraph_format
    fmt.space_after, fmt.space_before = Pt(after), Pt(before)
    if indent:
        fmt.first_line_indent = Cm(1)
    if keep_next:
        fmt.keep_with_next = True
    if text:
        _style_run(p.add_run(text), size=size, bold=bold, italic=italic, underline=underline, color=color)
    return p


def runs(container, parts, *, align=JUSTIFY, size: float = BODY_PT, indent=True, after: float = 6):
    """A paragraph of several runs: ``parts`` is a list of (text, {"bold": …, "italic": …})."""
    p = container.add_paragraph()
    p.alignment = align
    p.paragraph_format.space_after = Pt(after)
    if indent:
        p.paragraph_format.first_line_indent = Cm(1)
    for text, style in parts:
        _style_run(p.add_run(text), size=size, **style)
    return p


def tag(container, text: str):
    """A paragraph holding only a docxtpl block tag ({%p … %}); it disappears when rendered."""
    return para(container, text, after=0)


def _cell_first(cell):
    """The cell's first paragraph (python-docx creates it empty): reuse it for the first line."""
    return cell.paragraphs[0]


def cell_para(cell, text: str = "", *, first=False, **kwargs):
    if first:
        p = _cell_first(cell)
        p.alignment = kwargs.pop("align", CENTER)
        p.paragraph_format.space_after = Pt(kwargs.pop("after", 0))
        if text:
            _style_run(
                p.add_run(text),
                **{k: v for k, v in kwargs.items() if k in ("size", "bold", "italic", "underline", "color")},
            )
        return p
    kwargs.setdefault("align", CENTER)
    kwargs.setdefault("after", 0)
    return para(cell, text, **kwargs)


def _no_borders(table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tbl_pr.append(borders)


def _grid(table, widths_mm: list[float]) -> None:
    """Column widths in the table grid too: LibreOffice lays a table out from ``w:tblGrid``, Word from the cells."""
    for col, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths_mm, strict=True):
        col.set(qn("w:w"), str(int(Mm(width).twips)))
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)


def layout_table(container, widths_mm: list[float]):
    """A borderless table used for side-by-side blocks (header, signature)."""
    table = container.add_table(rows=1, cols=len(widths_mm))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _no_borders(table)
    for cell, width in zip(table.rows[0].cells, widths_mm, strict=True):
        cell.width = Mm(width)
    _grid(table, widths_mm)
    return table


def grid_table(container, headers: list[str], widths_mm: list[float], *, size: float = 12):
    """A bordered data table with a bold header row repeated on every page."""
    table = container.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    header = table.rows[0]
    tr_pr = header._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    tr_pr.append(repeat)
    for cell, text, width in zip(header.cells, headers, widths_mm, strict=True):
        cell.width = Mm(width)
        cell_para(cell, text, first=True, bold=True, size=size)
    _grid(table, widths_mm)
    return table


def add_row(table, texts: list[str], *, size: float = 12, aligns=None, bold=False):
    row = table.add_row()
    for i, (cell, text) in enumerate(zip(row.cells, texts, strict=True)):
        align = aligns[i] if aligns else CENTER
        cell_para(cell, text, first=True, size=size, align=align, bold=bold)
    return row


def loop_rows(table, loop: str, cells: list[str], *, size: float = 12, aligns=None) -> None:
    """A docxtpl table-row loop: ``{%tr for … %}``, the repeated row, ``{%tr endfor %}``."""
    blank = [""] * (len(cells) - 1)
    add_row(table, ["{%tr " + loop + " %}", *blank], size=size)
    add_row(table, cells, size=size, aligns=aligns)
    add_row(table, ["{%tr endfor %}", *blank], size=size)


def page_break(doc) -> None:
    p = doc.add_paragraph()
    p.add_run().add_break(WD_BREAK.PAGE)


# --- blocks shared by the administrative documents ---------------------------------------------------------------


def letterhead(doc) -> None:
    """Parent body over the issuing body, số/ký hiệu (left); Quốc hiệu, Tiêu ngữ, place and date (right)."""
    table = layout_table(doc, [72, 103])  # 175 mm: 5 mm into each margin, as the state samples do
    left, right = table.rows[0].cells
    cell_para(left, "{{ parent_name }}", first=True, size=12)
    cell_para(left, "{{ issuer_name }}", size=12, bold=True)
    cell_para(left, "———", size=9, after=4)
    cell_para(left, "Số: {{ symbol }}", size=13)
    cell_para(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", first=True, size=12, bold=True)
    cell_para(right, "Độc lập - Tự do - Hạnh phúc", size=13, bold=True, underline=True, after=10)
    cell_para(right, "{{ place_date }}", size=13, italic=True)
    para(doc, "", after=6)


def heading(doc, kind_title: str, subject: str = "{{ subject }}") -> None:
    para(doc, kind_title, align=CENTER, bold=True, after=0, before=6)
    para(doc, subject, align=CENTER, bold=True, after=0)
    para(doc, "————", align=CENTER, size=9, after=12)


def signature(doc, *, recipients: bool = True) -> None:
    """ "Nơi nhận" at left (bold italic 12, list in 11), the signature block at right."""
    para(doc, "", after=0)
    table = layout_table(doc, [80, 85])
    left, right = table.rows[0].cells
    if recipients:
        cell_para(left, "Nơi nhận:", first=True, size=12, bold=True, italic=True, align=LEFT)
        cell_para(left, "{%p for r in recipients %}", size=11, align=LEFT)
        cell_para(left, "{{ r }}", size=11, align=LEFT)
        cell_para(left, "{%p endfor %}", size=11, align=LEFT)
    cell_para(right, "{{ signer_authority }}", first=True, size=13, bold=True)
    cell_para(right, "{{ signer_title }}", size=13, bold=True)
    for _ in range(4):
        cell_para(right, "", size=13)
    cell_para(right, "{{ signer_name }}", size=14, bold=True)


# --- the templates ---------------------------------------------------------------------------------------------------


def build_plan() -> Document:
    doc = new_document()
    letterhead(doc)
    heading(doc, "KẾ HOẠCH")
    para(doc, "{{ preamble }}", indent=True)
    para(doc, "I. MỤC ĐÍCH, YÊU CẦU", bold=True, keep_next=True)
    tag(doc, "{%p for line in purpose %}")
    para(doc, "{{ line }}", indent=True)
    tag(doc, "{%p endfor %}")
    para(doc, "II. NỘI DUNG THI ĐUA", bold=True, keep_next=True)
    tag(doc, "{%p for g in content_groups %}")
    para(doc, "{{ g.number }}. {{ g.name }}", bold=True, indent=True, keep_next=True)
    tag(doc, "{%p for i in g.entries %}")
    para(doc, "- {{ i.text }}", indent=True)
    tag(doc, "{%p for s in i.standards %}")
    para(doc, "+ {{ s }}", indent=True, italic=True)
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endfor %}")
    para(doc, "III. CHỈ TIÊU THI ĐUA", bold=True, keep_next=True)
    tag(doc, "{%p for t in targets %}")
    para(doc, "{{ t.number }}. {{ t.name }} (thời hạn: {{ t.deadline }}).", indent=True)
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p if criteria %}")
    para(doc, "IV. TIÊU CHÍ ĐÁNH GIÁ, CHẤM ĐIỂM", bold=True, keep_next=True)
    table = grid_table(doc, ["STT", "Tiêu chí", "Điểm tối đa"], [15, 120, 30])
    loop_rows(
        table,
        "for c in criteria",
        ["{{ c.code }}", "{{ c.name }}", "{{ c.max_points }}"],
        aligns=[CENTER, LEFT, CENTER],
    )
    add_row(table, ["", "Tổng cộng", "{{ criteria_total }}"], bold=True, aligns=[CENTER, LEFT, CENTER])
    para(doc, "", after=6)
    tag(doc, "{%p endif %}")
    para(doc, "{{ section_phases }}. THỜI GIAN, CÁC ĐỢT THI ĐUA", bold=True, keep_next=True)
    para(doc, "Thời gian thực hiện: từ ngày {{ starts_on }} đến ngày {{ ends_on }}.", indent=True)
    tag(doc, "{%p for ph in phases %}")
    para(doc, "- {{ ph.name }}: từ ngày {{ ph.starts_on }} đến ngày {{ ph.ends_on }}; {{ ph.review }} "
              "trước ngày {{ ph.review_due }}.", indent=True)  # fmt: skip
    tag(doc, "{%p endfor %}")
    para(doc, "{{ section_registration }}. ĐĂNG KÝ THI ĐUA", bold=True, keep_next=True)
    para(doc, "{{ registration }}", indent=True)
    para(doc, "{{ section_organisation }}. TỔ CHỨC THỰC HIỆN", bold=True, keep_next=True)
    tag(doc, "{%p for line in organisation %}")
    para(doc, "{{ line }}", indent=True)
    tag(doc, "{%p endfor %}")
    signature(doc)
    return doc


def build_report() -> Document:
    doc = new_document()
    letterhead(doc)
    heading(doc, "BÁO CÁO")
    para(doc, "{{ preamble }}", indent=True)
    para(doc, "I. TÌNH HÌNH CHUNG", bold=True, keep_next=True)
    para(doc, "{{ situation }}", indent=True)
    para(doc, "II. KẾT QUẢ THỰC HIỆN", bold=True, keep_next=True)
    para(doc, "1. Kết quả thực hiện các chỉ tiêu", bold=True, indent=True, keep_next=True)
    para(doc, "{{ targets_summary }}", indent=True)
    table = grid_table(doc, ["STT", "Chỉ tiêu", "Kết quả", "Đơn vị đạt", "Đánh giá"], [12, 75, 25, 23, 30])
    loop_rows(
        table,
        "for t in targets",
        ["{{ t.number }}", "{{ t.name }}", "{{ t.value }}", "{{ t.units }}", "{{ t.status }}"],
        aligns=[CENTER, LEFT, CENTER, CENTER, CENTER],
    )
    para(doc, "", after=6)
    tag(doc, "{%p if targets_missed %}")
    para(doc, "Các chỉ tiêu chưa đạt:", indent=True, italic=True)
    tag(doc, "{%p for t in targets_missed %}")
    para(doc, "- {{ t.name }}: {{ t.value }}.", indent=True)
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")
    para(doc, "2. Đăng ký thi đua", bold=True, indent=True, keep_next=True)
    para(doc, "{{ registrations_summary }}", indent=True)
    para(doc, "3. Kết quả đánh giá, xếp loại", bold=True, indent=True, keep_next=True)
    para(doc, "{{ classification_summary }}", indent=True)
    table = grid_table(doc, ["Mức xếp loại", "Đoàn viên", "Tỷ lệ", "Tập thể"], [75, 30, 30, 30])
    loop_rows(
        table,
        "for c in classification",
        ["{{ c.label }}", "{{ c.members }}", "{{ c.share }}", "{{ c.units }}"],
        aligns=[LEFT, CENTER, CENTER, CENTER],
    )
    para(doc, "", after=6)
    para(doc, "4. Danh hiệu thi đua và hình thức khen thưởng", bold=True, indent=True, keep_next=True)
    para(doc, "{{ awards_summary }}", indent=True)
    tag(doc, "{%p if awards %}")
    table = grid_table(doc, ["Danh hiệu, hình thức", "Cá nhân", "Tập thể"], [105, 30, 30])
    loop_rows(
        table,
        "for a in awards",
        ["{{ a.title }}", "{{ a.individuals }}", "{{ a.collectives }}"],
        aligns=[LEFT, CENTER, CENTER],
    )
    para(doc, "", after=6)
    tag(doc, "{%p endif %}")
    para(doc, "5. Sáng kiến, cải tiến", bold=True, indent=True, keep_next=True)
    para(doc, "{{ initiatives_summary }}", indent=True)
    para(doc, "6. Các hoạt động hưởng ứng phong trào", bold=True, indent=True, keep_next=True)
    para(doc, "{{ activities_summary }}", indent=True)
    tag(doc, "{%p if activities %}")
    table = grid_table(doc, ["Loại hoạt động", "Số hoạt động", "Lượt tham gia"], [95, 35, 35])
    loop_rows(
        table,
        "for a in activities",
        ["{{ a.kind }}", "{{ a.count }}", "{{ a.attendances }}"],
        aligns=[LEFT, CENTER, CENTER],
    )
    para(doc, "", after=6)
    tag(doc, "{%p endif %}")
    para(doc, "III. ĐÁNH GIÁ CHUNG", bold=True, keep_next=True)
    tag(doc, "{%p for line in assessment %}")
    para(doc, "{{ line }}", indent=True)
    tag(doc, "{%p endfor %}")
    para(doc, "IV. {{ next_heading }}", bold=True, keep_next=True)
    tag(doc, "{%p for line in next_steps %}")
    para(doc, "{{ line }}", indent=True)
    tag(doc, "{%p endfor %}")
    signature(doc)
    return doc


def build_memo() -> Document:
    doc = new_document()
    letterhead(doc)
    heading(doc, "TỜ TRÌNH")
    para(doc, "Kính gửi: {{ recipient }}", align=CENTER, after=12)
    para(doc, "{{ preamble }}", indent=True)
    para(doc, "{{ summary }}", indent=True)
    tag(doc, "{%p for t in by_title %}")
    para(doc, "- {{ t.title }}: {{ t.count }}.", indent=True)
    tag(doc, "{%p endfor %}")
    para(doc, "(Có danh sách và hồ sơ kèm theo)", align=CENTER, italic=True)
    table = grid_table(
        doc, ["STT", "Họ và tên / Tập thể", "Đơn vị", "Danh hiệu, hình thức", "Thành tích"], [12, 40, 38, 35, 40]
    )
    loop_rows(
        table,
        "for i in items",
        ["{{ i.number }}", "{{ i.name }}", "{{ i.unit }}", "{{ i.title }}", "{{ i.achievements }}"],
        aligns=[CENTER, LEFT, LEFT, LEFT, JUSTIFY],
    )
    para(doc, "", after=6)
    para(doc, "{{ closing }}", indent=True)
    signature(doc)
    return doc


def build_decision() -> Document:
    doc = new_document()
    letterhead(doc)
    heading(doc, "QUYẾT ĐỊNH")
    para(doc, "{{ authority }}", align=CENTER, bold=True, after=12)
    tag(doc, "{%p for line in grounds %}")
    para(doc, "{{ line }}", indent=True, italic=True)
    tag(doc, "{%p endfor %}")
    para(doc, "QUYẾT ĐỊNH:", align=CENTER, bold=True, before=6)
    runs(doc, [("Điều 1. ", {"bold": True}), ("{{ article1 }}", {})])
    runs(doc, [("Điều 2. ", {"bold": True}), ("{{ article2 }}", {})])
    runs(doc, [("Điều 3. ", {"bold": True}), ("{{ article3 }}", {})])
    signature(doc)
    page_break(doc)
    para(doc, "DANH SÁCH", align=CENTER, bold=True, after=0)
    para(doc, "{{ annex_title }}", align=CENTER, bold=True, after=0)
    para(
        doc,
        "(Kèm theo Quyết định số {{ symbol }} ngày {{ decided_on }} của {{ issuer_full }})",
        align=CENTER,
        italic=True,
        after=12,
    )
    table = grid_table(
        doc,
        ["STT", "Họ và tên / Tập thể", "Đơn vị", "Danh hiệu, hình thức", "Tiền thưởng (đồng)"],
        [12, 45, 45, 38, 25],
    )
    loop_rows(
        table,
        "for a in awardees",
        ["{{ a.n }}", "{{ a.name }}", "{{ a.unit }}", "{{ a.title }}", "{{ a.amount }}"],
        aligns=[CENTER, LEFT, LEFT, LEFT, RIGHT],
    )
    add_row(
        table,
        ["", "Tổng cộng: {{ awardee_count }}", "", "", "{{ total_amount }}"],
        bold=True,
        aligns=[CENTER, LEFT, LEFT, LEFT, RIGHT],
    )
    return doc


def build_minutes() -> Document:
    doc = new_document()
    letterhead(doc)
    heading(doc, "BIÊN BẢN")
    para(doc, "{{ opening }}", indent=True)
    para(doc, "I. THÀNH PHẦN", bold=True, keep_next=True)
    para(doc, "{{ attendance_summary }}", indent=True)
    tag(doc, "{%p for s in seats %}")
    para(doc, "{{ s.number }}. {{ s.name }}{{ s.position }} – {{ s.role }} ({{ s.attendance }}).", indent=True)
    tag(doc, "{%p endfor %}")
    para(doc, "II. NỘI DUNG VÀ KẾT QUẢ KIỂM PHIẾU", bold=True, keep_next=True)
    para(doc, "{{ method }}", indent=True)
    table = grid_table(doc, ["STT", "Họ và tên / Tập thể", "Danh hiệu, hình thức", "Đồng ý", "Không đồng ý",
                             "Không biểu quyết", "Tỷ lệ đồng ý", "Kết quả"], [10, 38, 33, 15, 17, 17, 18, 17],
                       size=11)  # fmt: skip
    loop_rows(
        table,
        "for i in items",
        [
            "{{ i.number }}",
            "{{ i.name }}",
            "{{ i.title }}",
            "{{ i.yes }}",
            "{{ i.no }}",
            "{{ i.blank }}",
            "{{ i.share }}",
            "{{ i.result }}",
        ],
        size=11,
        aligns=[CENTER, LEFT, LEFT, CENTER, CENTER, CENTER, CENTER, CENTER],
    )
    para(doc, "", after=6)
    tag(doc, "{%p for line in thresholds %}")
    para(doc, "{{ line }}", indent=True, italic=True)
    tag(doc, "{%p endfor %}")
    para(doc, "III. KẾT LUẬN", bold=True, keep_next=True)
    para(doc, "{{ conclusion }}", indent=True)
    tag(doc, "{%p for line in passed %}")
    para(doc, "- {{ line }}", indent=True)
    tag(doc, "{%p endfor %}")
    para(doc, "{{ closing }}", indent=True)
    para(doc, "", after=0)
    table = layout_table(doc, [82, 83])
    left, right = table.rows[0].cells
    cell_para(left, "THƯ KÝ", first=True, size=13, bold=True)
    cell_para(right, "CHỦ TỌA", first=True, size=13, bold=True)
    for cell in (left, right):
        for _ in range(4):
            cell_para(cell, "", size=13)
    cell_para(left, "{{ secretary_name }}", size=14, bold=True)
    cell_para(right, "{{ chair_name }}", size=14, bold=True)
    return doc


def build_certificate() -> Document:
    """A certificate (Giấy khen) on one landscape A4 page, without page numbers."""
    doc = new_document(landscape=True, margins={"top": 20, "bottom": 15, "left": 25, "right": 25},
                       page_numbers=False)  # fmt: skip
    red = "C00000"
    para(doc, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", align=CENTER, bold=True, size=14, after=0)
    para(doc, "Độc lập - Tự do - Hạnh phúc", align=CENTER, bold=True, underline=True, size=14, after=18)
    para(doc, "{{ authority }}", align=CENTER, bold=True, size=16, after=6)
    para(doc, "TẶNG", align=CENTER, bold=True, size=16, after=6)
    para(doc, "{{ heading }}", align=CENTER, bold=True, size=40, color=red, after=6)
    para(doc, "{{ title_line }}", align=CENTER, bold=True, size=16, after=6)
    para(doc, "{{ awardee_name }}", align=CENTER, bold=True, italic=True, size=26, color=red, after=4)
    para(doc, "{{ awardee_unit }}", align=CENTER, size=15, after=8)
    para(doc, "{{ achievement }}", align=CENTER, italic=True, size=16, after=14)
    table = layout_table(doc, [110, 137])
    left, right = table.rows[0].cells
    cell_para(left, "", first=True, size=12)
    cell_para(left, "Quyết định số {{ decision_symbol }}", size=12, align=LEFT)
    cell_para(left, "ngày {{ decided_on }}", size=12, align=LEFT)
    cell_para(left, "Số vào sổ: {{ register_number }}", size=12, align=LEFT)
    cell_para(right, "{{ place_date }}", first=True, size=14, italic=True)
    cell_para(right, "{{ signer_authority }}", size=14, bold=True)
    cell_para(right, "{{ signer_title }}", size=14, bold=True)
    for _ in range(3):
        cell_para(right, "", size=14)
    cell_para(right, "{{ signer_name }}", size=15, bold=True)
    return doc


BUILDERS = {
    "plan": build_plan,
    "report": build_report,
    "memo": build_memo,
    "decision": build_decision,
    "minutes": build_minutes,
    "certificate": build_certificate,
}


def shipped_path(kind: str) -> Path:
    return LAYOUT_DIR / f"{kind}.docx"


def build_all(directory: Path = LAYOUT_DIR) -> list[Path]:
    """Write every shipped template; python-docx stamps no creation time, so a rebuild is byte-stable per version."""
    written = []
    for kind, build in BUILDERS.items():
        doc = build()
        props = doc.core_properties
        props.author = "Thi Đua"
        props.title = kind
        props.last_modified_by = "Thi Đua"
        stamp = datetime.datetime(2026, 1, 1)
        props.created = props.modified = stamp
        props.revision = 1
        path = directory / f"{kind}.docx"
        doc.save(path)
        written.append(path)
    return written
