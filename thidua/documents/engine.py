"""The document engine: Word from a template and a context (docxtpl), PDF through LibreOffice headless.

``template_for(kind, unit)`` picks the template: the upload of the deepest unit at or above ``unit``, else the
national upload, else the shipped ``layout/<kind>.docx``. ``render_docx`` fills it; ``to_pdf`` converts one or
several DOCX in a single LibreOffice run (its own temporary profile per call, a timeout), and ``merge_pdfs`` joins PDFs
with poppler's ``pdfunite``. The binaries are settings (``THIDUA_SOFFICE``, ``THIDUA_PDFUNITE``, from the environment
variables of the same name); a missing one raises ``EngineError`` with a message saying what to install.
"""

import io
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext as _
from docxtpl import DocxTemplate
from jinja2 import TemplateSyntaxError

from thidua.documents.layout.builder import shipped_path
from thidua.documents.models import DocumentTemplate
from thidua.documents.placeholders import allowed_names
from thidua.organizations.models import Unit


class EngineError(Exception):
    """The document could not be produced (LibreOffice missing or failing, a broken template)."""


def _setting(name: str, default: str) -> str:
    return str(getattr(settings, name, None) or os.environ.get(name) or default)


def soffice_binary() -> str:
    return _setting("THIDUA_SOFFICE", "soffice")


def soffice_timeout() -> int:
    return int(_setting("THIDUA_SOFFICE_TIMEOUT", "180"))


def _which(binary: str, package: str, setting: str) -> str:
    path = shutil.which(binary)
    if path is None:
        raise EngineError(
            _("Không tìm thấy chương trình “{binary}” để tạo tệp PDF. Cài đặt {package} hoặc khai báo đường dẫn "
              "trong biến môi trường {setting}.").format(binary=binary, package=package, setting=setting)
        )  # fmt: skip
    return path


# --- templates ------------------------------------------------------------------------------------------------------


def _ancestor_ids(unit: Unit) -> list[int]:
    return [int(part) for part in unit.path.strip("/").split("/") if part]


def uploaded_template(kind: str, unit: Unit | None) -> DocumentTemplate | None:
    """The upload that applies to ``unit``'s documents: the deepest owner at or above it, else the national one."""
    q = Q(owner__isnull=True)
    if unit is not None:
        q |= Q(owner_id__in=_ancestor_ids(unit))
    rows = list(DocumentTemplate.objects.filter(q, kind=kind).select_related("owner"))
    if not rows:
        return None
    return max(rows, key=lambda t: len(t.owner.path) if t.owner_id else 0)


def template_bytes(kind: str, unit: Unit | None) -> bytes:
    upload = uploaded_template(kind, unit)
    if upload is not None:
        with upload.file.open("rb") as fh:
            return fh.read()
    return shipped_path(kind).read_bytes()


def undeclared_placeholders(data: bytes) -> set[str]:
    """The variables a template uses that its loops do not declare (docxtpl parses the whole document)."""
    tpl = DocxTemplate(io.BytesIO(data))
    try:
        return set(tpl.get_undeclared_template_variables())
    except TemplateSyntaxError as exc:
        raise EngineError(
            _("Mẫu có lỗi cú pháp ở dòng {line}: {message}").format(line=exc.lineno, message=exc.message)
        ) from exc
    except Exception as exc:  # a file python-docx cannot read is not a Word document
        raise EngineError(_("Tệp không phải là tài liệu Word (.docx) hợp lệ.")) from exc


def unknown_placeholders(kind: str, data: bytes) -> list[str]:
    return sorted(undeclared_placeholders(data) - allowed_names(kind))


# --- rendering ------------------------------------------------------------------------------------------------------


def render_docx(kind: str, context: dict, *, unit: Unit | None = None, template: bytes | None = None) -> bytes:
    """Fill the template of ``kind`` that applies to ``unit`` (or the given template bytes) with ``context``."""
    data = template if template is not None else template_bytes(kind, unit)
    tpl = DocxTemplate(io.BytesIO(data))
    try:
        tpl.render(context, autoescape=True)
    except TemplateSyntaxError as exc:
        raise EngineError(_("Mẫu văn bản có lỗi cú pháp ở dòng {line}: {message}").format(
            line=exc.lineno, message=exc.message)) from exc  # fmt: skip
    out = io.BytesIO()
    tpl.save(out)
    return out.getvalue()


def to_pdf(documents: list[bytes]) -> list[bytes]:
    """Convert DOCX documents to PDF in one LibreOffice run; the PDFs come back in the same order."""
    if not documents:
        return []
    binary = _which(soffice_binary(), "LibreOffice (gói libreoffice-writer)", "THIDUA_SOFFICE")
    with tempfile.TemporaryDirectory(prefix="thidua-pdf-") as tmp:
        work = Path(tmp)
        names = []
        for i, data in enumerate(documents):
            name = work / f"d{i:05d}.docx"
            name.write_bytes(data)
            names.append(name)
        profile = (work / "profile").as_uri()
        command = [binary, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--nologo",
                   "--convert-to", "pdf:writer_pdf_Export", "--outdir", str(work / "out"),
                   *map(str, names)]  # fmt: skip
        try:
            # The command is the configured binary and files this function wrote: no user input reaches it.
            result = subprocess.run(command, capture_output=True, timeout=soffice_timeout(), check=False,  # noqa: S603
                                    env={**os.environ, "HOME": tmp})  # fmt: skip
        except subprocess.TimeoutExpired as exc:
            raise EngineError(_("LibreOffice không chuyển xong sang PDF trong {n} giây.").format(
                n=soffice_timeout())) from exc  # fmt: skip
        pdfs = []
        for name in names:
            pdf = work / "out" / (name.stem + ".pdf")
            if not pdf.exists():
                detail = (result.stderr or result.stdout).decode(errors="replace")[-500:]
                raise EngineError(_("LibreOffice không tạo được tệp PDF: {detail}").format(detail=detail))
            pdfs.append(pdf.read_bytes())
        return pdfs


def merge_pdfs(pdfs: list[bytes]) -> bytes:
    """One PDF of all the given PDFs in order (poppler's ``pdfunite``)."""
    if len(pdfs) == 1:
        return pdfs[0]
    binary = _which(_setting("THIDUA_PDFUNITE", "pdfunite"), "poppler-utils", "THIDUA_PDFUNITE")
    with tempfile.TemporaryDirectory(prefix="thidua-merge-") as tmp:
        names = []
        for i, data in enumerate(pdfs):
            name = Path(tmp) / f"p{i:05d}.pdf"
            name.write_bytes(data)
            names.append(str(name))
        out = Path(tmp) / "all.pdf"
        result = subprocess.run([binary, *names, str(out)], capture_output=True,  # noqa: S603 - our own files
                                timeout=soffice_timeout(), check=False)  # fmt: skip
        if result.returncode != 0 or not out.exists():
            raise EngineError(_("Không ghép được các tệp PDF: {detail}").format(
                detail=result.stderr.decode(errors="replace")[-300:]))  # fmt: skip
        return out.read_bytes()
