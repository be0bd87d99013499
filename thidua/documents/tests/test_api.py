"""The documents API: the scope contract of every operation, documents returned as files, template uploads checked."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from thidua.api.tests.contract import Case
from thidua.documents.layout.builder import shipped_path
from thidua.documents.models import DocumentTemplate
from thidua.documents.tests import factories as f
from thidua.documents.tests.test_page_scope import _Objects

E = "/api/documents"
OPERATIONS = [
    ("get", f"{E}/templates"), ("get", f"{E}/templates/{{kind}}"), ("post", f"{E}/templates/{{kind}}"),
    ("get", f"{E}/{{kind}}/{{object_id}}"), ("post", f"{E}/{{kind}}/{{object_id}}/issue"),
]  # fmt: skip


def cases(p, o: _Objects, operation) -> list[Case]:
    if operation == ("get", f"{E}/templates"):
        return [Case(url=f"{E}/templates", allowed=o.admin, without_role=[p.chair, p.member])]
    if operation == ("get", f"{E}/templates/{{kind}}"):
        return [Case(url=f"{E}/templates/memo", allowed=o.admin, without_role=[p.chair]),
                Case(url=f"{E}/templates/memo?owner={p.grassroots.pk}", allowed=o.admin,
                     outside=[o.other_admin])]  # fmt: skip
    if operation == ("post", f"{E}/templates/{{kind}}"):
        return []  # multipart: see test_the_upload_operation_keeps_the_contract
    if operation == ("get", f"{E}/{{kind}}/{{object_id}}"):
        return [Case(url=f"{E}/plan/{o.movement.pk}?format=docx", allowed=p.council, outside=[p.outsider]),
                Case(url=f"{E}/minutes/{o.session.pk}", allowed=p.council, outside=[p.outsider]),
                Case(url=f"{E}/memo/{o.proposal.pk}", allowed=p.council, outside=[p.outsider])]  # fmt: skip
    if operation == ("post", f"{E}/{{kind}}/{{object_id}}/issue"):
        return [Case(url=f"{E}/minutes/{o.session.pk}/issue", method="post", allowed=p.chair,
                     without_role=[p.council], outside=[p.outsider])]  # fmt: skip
    raise AssertionError(operation)


@pytest.mark.parametrize("operation", OPERATIONS, ids=" ".join)
def test_it_scopes_the_operation(client, personas, operation):
    for case in cases(personas, _Objects(personas), operation):
        case.check(client)


def _docx(extra: str = "") -> SimpleUploadedFile:
    if not extra:
        return SimpleUploadedFile("mau.docx", shipped_path("minutes").read_bytes())
    import io

    from docx import Document

    doc = Document(str(shipped_path("minutes")))
    doc.add_paragraph(extra)
    buf = io.BytesIO()
    doc.save(buf)
    return SimpleUploadedFile("mau.docx", buf.getvalue())


def test_the_upload_operation_keeps_the_contract(client, personas, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    p, o = personas, _Objects(personas)
    url = f"{E}/templates/minutes"
    data = {"owner": p.grassroots.pk}
    assert client.post(url, {**data, "file": _docx()}).status_code == 401
    client.force_login(p.chair)
    assert client.post(url, {**data, "file": _docx()}).status_code == 403
    client.force_login(o.other_admin)
    assert client.post(url, {**data, "file": _docx()}).status_code == 404
    client.force_login(o.admin)
    assert client.post(url, {"file": _docx()}).status_code == 403  # the national template is for superusers
    bad = client.post(url, {**data, "file": _docx("{{ ten_la }} {{ chair_name }}")})
    assert bad.status_code == 422
    assert "ten_la" in str(bad.json()["errors"])
    assert "chair_name" not in str(bad.json()["errors"])
    ok = client.post(url, {**data, "file": _docx("Biên bản mẫu riêng")})
    assert ok.status_code == 201
    assert DocumentTemplate.objects.get(kind="minutes").owner == p.grassroots


def test_issuing_gives_the_next_number_once(client, personas):
    o = _Objects(personas)
    client.force_login(personas.chair)
    first = client.post(f"{E}/minutes/{o.session.pk}/issue").json()
    again = client.post(f"{E}/minutes/{o.session.pk}/issue").json()
    assert first == again
    assert first["symbol"].startswith("01/BB-")
    doc = client.get(f"{E}/minutes/{o.session.pk}?format=docx")
    import io

    from docx import Document

    text = "\n".join(c.text for t in Document(io.BytesIO(doc.content)).tables for r in t.rows for c in r.cells)
    assert first["symbol"] in text


def test_a_certificate_comes_as_pdf(client, personas):
    dec = f.decision(personas, issuer=personas.grassroots, awardees=2)
    client.force_login(personas.chair)
    response = client.get(f"{E}/certificate/{dec.pk}?format=pdf&awardee=2")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert client.get(f"{E}/certificate/{dec.pk}?format=pdf&awardee=9").status_code == 404
