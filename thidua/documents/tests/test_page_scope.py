"""Every documents page obeys the scope contract (thidua.core.testing.assert_scope_contract). ``COVERED`` tells
thidua/core/tests/test_page_scope.py which pages are proved here."""

from functools import cached_property

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from thidua.accounts.models import User
from thidua.accounts.services import role_grant
from thidua.core.roles import Role
from thidua.core.testing import Personas, assert_scope_contract
from thidua.documents.layout.builder import shipped_path
from thidua.documents.tests import factories as f

COVERED = {
    "documents:templates", "documents:template_download", "documents:template_upload", "documents:template_reset",
    "documents:movement", "documents:proposal", "documents:decision", "documents:session", "documents:issue",
    "documents:download",
}  # fmt: skip


class _Objects:
    def __init__(self, p: Personas):
        self.p = p

    @cached_property
    def admin(self) -> User:
        """An administrator of the grassroots union (the role that manages templates)."""
        user = User.objects.create_user(username="quantri", password="x")
        role_grant(user=user, role=Role.ADMIN, unit=self.p.grassroots)
        return user

    @cached_property
    def other_admin(self) -> User:
        user = User.objects.create_user(username="quantri.khac", password="x")
        role_grant(user=user, role=Role.ADMIN, unit=self.p.other_grassroots)
        return user

    @cached_property
    def movement(self):
        return f.movement(self.p)

    @cached_property
    def proposal(self):
        return f.proposal(self.p)

    @cached_property
    def decision(self):
        return f.decision(self.p, issuer=self.p.grassroots)

    @cached_property
    def session(self):
        return f.session(self.p, self.proposal, unit=self.p.grassroots)


def case(url, *, allowed, without_role=(), outside=(), method="get", data=None) -> dict:
    return {"url": url, "allowed": allowed, "without_role": list(without_role), "outside": list(outside),
            "method": method, "data": data}  # fmt: skip


def _upload():
    return {"owner": "", "file": SimpleUploadedFile("mau.docx", shipped_path("memo").read_bytes())}


def _cases(p: Personas, o: _Objects, name: str) -> list[dict]:
    g = p.grassroots.pk
    if name == "documents:templates":
        return [case(reverse("documents:templates"), allowed=o.admin, without_role=[p.chair, p.member])]
    if name == "documents:template_download":
        url = reverse("documents:template_download", args=["memo"])
        return [case(url, allowed=o.admin, without_role=[p.chair]),
                case(f"{url}?owner={g}&effective=1", allowed=o.admin, outside=[o.other_admin])]  # fmt: skip
    if name == "documents:template_upload":
        url = reverse("documents:template_upload", args=["memo"])
        return [case(url, method="post", data={**_upload(), "owner": g}, allowed=o.admin, without_role=[p.chair],
                     outside=[o.other_admin])]  # fmt: skip
    if name == "documents:template_reset":
        url = reverse("documents:template_reset", args=["memo"])
        return [case(url, method="post", data={"owner": g}, allowed=o.admin, without_role=[p.chair],
                     outside=[o.other_admin])]  # fmt: skip
    if name == "documents:movement":
        return [case(reverse("documents:movement", args=[o.movement.pk]), allowed=p.council, outside=[p.outsider])]
    if name == "documents:proposal":
        return [case(reverse("documents:proposal", args=[o.proposal.pk]), allowed=p.council, outside=[p.outsider])]
    if name == "documents:decision":
        return [case(reverse("documents:decision", args=[o.decision.pk]), allowed=p.council, outside=[p.outsider])]
    if name == "documents:session":
        return [case(reverse("documents:session", args=[o.session.pk]), allowed=p.council, outside=[p.outsider])]
    if name == "documents:issue":
        phase = f.final_phase(o.movement)
        return [case(reverse("documents:issue", args=["report", phase.pk]), method="post", data={}, allowed=p.chair,
                     without_role=[p.council], outside=[p.outsider])]  # fmt: skip
    if name == "documents:download":
        return [case(reverse("documents:download", args=["plan", o.movement.pk, "docx"]), allowed=p.council,
                     outside=[p.outsider]),
                case(reverse("documents:download", args=["decision", o.decision.pk, "docx"]), allowed=p.council,
                     outside=[p.outsider])]  # fmt: skip
    raise AssertionError(name)


@pytest.mark.parametrize("name", sorted(COVERED))
def test_it_scopes_the_page(client, personas, settings, tmp_path, name):
    settings.MEDIA_ROOT = tmp_path
    o = _Objects(personas)
    for c in _cases(personas, o, name):
        assert_scope_contract(client, url=c["url"], method=c["method"], data=c["data"], allowed=c["allowed"],
                              in_scope_without_role=c["without_role"], out_of_scope=c["outside"])  # fmt: skip


def test_the_decision_page_downloads_the_word_file(client, personas):
    dec = f.decision(personas, issuer=personas.grassroots)
    client.force_login(personas.chair)
    page = client.get(reverse("documents:decision", args=[dec.pk]))
    assert "Nguyễn Trung Hiếu" in page.content.decode()
    response = client.get(reverse("documents:download", args=["decision", dec.pk, "docx"]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response.content[:2] == b"PK"


def test_the_upload_page_refuses_unknown_placeholders_with_their_names(client, personas, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    import io

    from docx import Document

    doc = Document(str(shipped_path("memo")))
    doc.add_paragraph("{{ truong_la }}")
    buf = io.BytesIO()
    doc.save(buf)
    o = _Objects(personas)
    client.force_login(o.admin)
    response = client.post(reverse("documents:template_upload", args=["memo"]), follow=True,
                           data={"owner": personas.grassroots.pk,
                                 "file": SimpleUploadedFile("mau.docx", buf.getvalue())})  # fmt: skip
    assert "truong_la" in response.content.decode()
