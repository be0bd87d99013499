"""Every proposal page obeys the scope contract (thidua.core.testing.assert_scope_contract): the proposing side needs
``propose_awards`` on the proposing unit, the receiving side ``confer_awards`` on the unit the batch is addressed to.
``COVERED`` tells thidua/core/tests/test_page_scope.py (through test_page_scope.py) which pages are proved here."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from thidua.awards.forms_proposals import DossierFileForm
from thidua.awards.models import DossierFile, Proposal
from thidua.awards.tests import factories_proposals as fp
from thidua.core.testing import Personas, assert_scope_contract

pytestmark = pytest.mark.django_db

COVERED = {
    "awards:proposals", "awards:proposal_create", "awards:proposal_detail", "awards:proposal_item_add",
    "awards:proposal_submit", "awards:proposal_receive", "awards:proposal_return", "awards:proposal_item_edit",
    "awards:proposal_item_remove", "awards:proposal_item_return", "awards:proposal_item_reject",
    "awards:proposal_file_add", "awards:proposal_file", "awards:proposal_file_remove",
}  # fmt: skip

PDF = b"%PDF-1.4\n" + b"0" * 20


class RewindingUpload(SimpleUploadedFile):
    """An upload the test client can send several times (it reads the file without rewinding it)."""

    def read(self, *args):
        self.seek(0)
        return super().read(*args)


def attach(proposal: Proposal, by, *, name: str = "bao-cao-thanh-tich.pdf", content: bytes = PDF) -> DossierFile:
    """A dossier file stored the way the page stores it."""
    form = DossierFileForm({"kind": "achievement_report"}, {"upload": SimpleUploadedFile(name, content)},
                           items=list(proposal.items.all()))  # fmt: skip
    assert form.is_valid(), form.errors
    return form.save(proposal=proposal, by=by)


def case(url, *, allowed, without_role=(), outside=(), method="get", data=None) -> dict:
    return {"url": url, "allowed": allowed, "without_role": list(without_role), "outside": list(outside),
            "method": method, "data": data}  # fmt: skip


def _cases(p: Personas, name: str) -> list[dict]:
    proposing = {"without_role": [p.council], "outside": [p.outsider, p.group_leader]}
    receiving = {"without_role": [p.chair, p.council], "outside": [p.outsider, p.group_leader]}
    if name == "awards:proposals":
        return [
            case(reverse(name), allowed=p.council, without_role=[p.member]),
            case(reverse(name) + "?tab=in", allowed=p.officer),
        ]
    if name == "awards:proposal_create":
        return [case(reverse(name), allowed=p.chair, without_role=[p.council, p.group_leader, p.member]),
                case(reverse(name) + f"?unit={p.grassroots.pk}", allowed=p.chair, without_role=[p.council],
                     outside=[p.outsider])]  # fmt: skip
    draft = fp.make_proposal(p, items=[("member_record", "ldtt")])
    item = draft.items.get()
    if name == "awards:proposal_detail":
        return [case(reverse(name, args=[draft.pk]), allowed=p.council, outside=[p.outsider, p.group_leader])]
    if name == "awards:proposal_item_add":
        data = {"item-title_code": "ldtt", "item-member_code": p.colleague.code}
        return [case(reverse(name, args=[draft.pk]), method="post", data=data, allowed=p.chair, **proposing)]
    if name == "awards:proposal_submit":
        return [case(reverse(name, args=[draft.pk]), method="post", allowed=p.chair, **proposing)]
    if name == "awards:proposal_item_edit":
        return [case(reverse(name, args=[item.pk]), method="post", data={"achievements": "Mới"}, allowed=p.chair,
                     **proposing)]  # fmt: skip
    if name == "awards:proposal_item_remove":
        return [case(reverse(name, args=[item.pk]), method="post", allowed=p.chair, **proposing)]
    if name == "awards:proposal_file_add":
        data = {"file-kind": "evidence", "file-upload": RewindingUpload("minh-chung.pdf", PDF)}
        return [case(reverse(name, args=[draft.pk]), method="post", data=data, allowed=p.chair, **proposing)]
    if name == "awards:proposal_file":
        return [case(reverse(name, args=[attach(draft, p.chair).pk]), allowed=p.council,
                     outside=[p.outsider, p.group_leader])]  # fmt: skip
    if name == "awards:proposal_file_remove":
        return [case(reverse(name, args=[attach(draft, p.chair).pk]), method="post", allowed=p.chair, **proposing)]
    submitted = fp.make_submitted(p, items=[("colleague", "ldtt")])
    sent = submitted.items.get()
    reason = {"reason": "Bổ sung minh chứng"}
    if name == "awards:proposal_receive":
        return [case(reverse(name, args=[submitted.pk]), method="post", allowed=p.officer, **receiving)]
    if name == "awards:proposal_return":
        return [case(reverse(name, args=[submitted.pk]), method="post", data=reason, allowed=p.officer, **receiving)]
    if name == "awards:proposal_item_return":
        return [case(reverse(name, args=[sent.pk]), method="post", data=reason, allowed=p.officer, **receiving)]
    if name == "awards:proposal_item_reject":
        return [case(reverse(name, args=[sent.pk]), method="post", data=reason, allowed=p.officer, **receiving)]
    raise AssertionError(name)


@pytest.mark.parametrize("name", sorted(COVERED))
def test_it_scopes_the_page(client, personas, name, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    for c in _cases(personas, name):
        assert_scope_contract(client, url=c["url"], method=c["method"], data=c["data"], allowed=c["allowed"],
                              in_scope_without_role=c["without_role"], out_of_scope=c["outside"])  # fmt: skip
