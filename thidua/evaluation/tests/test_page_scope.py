"""Every evaluation page obeys the scope contract (thidua.core.testing.assert_scope_contract). ``COVERED`` tells
thidua/core/tests/test_page_scope.py which pages are proved here."""

from functools import cached_property

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from thidua.core.testing import Personas, assert_scope_contract
from thidua.evaluation import services
from thidua.evaluation.tests import factories as f
from thidua.organizations.services import cluster_create

COVERED = {
    "evaluation:list", "evaluation:mine", "evaluation:create", "evaluation:detail", "evaluation:edit",
    "evaluation:step", "evaluation:review", "evaluation:decide", "evaluation:units", "evaluation:publication",
    "evaluation:export", "evaluation:submission", "evaluation:self_assess", "evaluation:attach",
    "evaluation:review_row", "evaluation:return", "evaluation:decide_one", "evaluation:object", "evaluation:attachment",
    "evaluation:unit_score", "evaluation:resolve", "evaluation:cluster",
}  # fmt: skip


def case(url, *, allowed, without_role=(), outside=(), method="get", data=None) -> dict:
    return {"url": url, "allowed": allowed, "without_role": list(without_role), "outside": list(outside),
            "method": method, "data": data}  # fmt: skip


class _Objects:
    """The rounds a case needs, made on first use."""

    def __init__(self, p: Personas):
        self.p = p

    @cached_property
    def movement(self):
        return f.make_movement(self.p)

    @cached_property
    def open(self):
        return f.open_round(self.p, movement=self.movement)

    def mine(self, evaluation_round):
        return f.submission(evaluation_round, self.p.member_record)

    @cached_property
    def deciding(self):
        return f.to_decision(self.p, f.open_round(self.p))  # a movement of its own: one round per movement and year

    @cached_property
    def published(self):
        r = f.finalise(self.p, f.open_round(self.p))
        return services.round_publish(evaluation_round=r, by=self.p.chair)

    @cached_property
    def attachment(self):
        upload = SimpleUploadedFile("minh-chung.pdf", b"%PDF-1.4\n" + b"0" * 20)
        return services.attachment_add(submission=self.mine(self.open), upload=upload)

    @cached_property
    def objection(self):
        return services.objection_submit(submission=self.mine(self.published), text="Đề nghị xem lại")

    @cached_property
    def cluster(self):
        return cluster_create(name="Cụm thi đua số 1", kind="cluster", year=2025, organizer=self.p.upper,
                              units=[self.p.grassroots])  # fmt: skip


def _cases(p: Personas, o: _Objects, name: str) -> list[dict]:
    if name == "evaluation:list":
        return [case(reverse("evaluation:list"), allowed=p.member)]
    if name == "evaluation:mine":
        return [case(reverse("evaluation:mine"), allowed=p.member)]
    if name == "evaluation:create":
        return [case(reverse("evaluation:create"), allowed=p.chair, without_role=[p.council, p.group_leader, p.member])]
    if name == "evaluation:detail":
        return [
            case(reverse("evaluation:detail", args=[o.open.pk]), allowed=p.group_leader, outside=[p.outsider]),
            case(reverse("evaluation:detail", args=[o.open.pk]), allowed=p.member),
        ]
    if name == "evaluation:edit":
        return [
            case(
                reverse("evaluation:edit", args=[o.open.pk]),
                allowed=p.chair,
                without_role=[p.council, p.group_leader, p.member],
                outside=[p.outsider],
            )
        ]
    if name == "evaluation:step":
        draft = f.make_round(p, o.movement)
        return [
            case(
                reverse("evaluation:step", args=[draft.pk, "open"]),
                method="post",
                allowed=p.chair,
                without_role=[p.council, p.group_leader],
                outside=[p.outsider, p.member],
            )
        ]
    if name == "evaluation:review":
        return [
            case(
                reverse("evaluation:review", args=[o.open.pk, p.group.pk]),
                allowed=p.group_leader,
                without_role=[p.council],
                outside=[p.outsider, p.member],
            )
        ]
    if name == "evaluation:decide":
        return [
            case(
                reverse("evaluation:decide", args=[o.deciding.pk]),
                allowed=p.chair,
                without_role=[p.council, p.group_leader, p.member],
                outside=[p.outsider],
            )
        ]
    if name == "evaluation:units":
        return [case(reverse("evaluation:units", args=[o.open.pk]), allowed=p.council, outside=[p.outsider])]
    if name == "evaluation:publication":
        return [
            case(reverse("evaluation:publication", args=[o.published.pk]), allowed=p.member, outside=[p.outsider]),
            case(
                reverse("evaluation:publication", args=[o.open.pk]),
                allowed=p.council,
                without_role=[p.member, p.group_leader],
            ),
        ]
    if name == "evaluation:export":
        return [
            case(
                reverse("evaluation:export", args=[o.open.pk]),
                allowed=p.chair,
                without_role=[p.council, p.group_leader, p.member],
                outside=[p.outsider],
            ),
            case(
                reverse("evaluation:export", args=[o.open.pk]) + f"?unit={p.group.pk}",
                allowed=p.group_leader,
                without_role=[p.council],
            ),
        ]
    if name == "evaluation:submission":
        return [
            case(reverse("evaluation:submission", args=[o.mine(o.open).pk]), allowed=p.member, outside=[p.outsider]),
            case(
                reverse("evaluation:submission", args=[f.submission(o.open, p.colleague).pk]),
                allowed=p.group_leader,
                outside=[p.outsider, p.member],
            ),
        ]
    if name == "evaluation:self_assess":
        return [
            case(
                reverse("evaluation:self_assess", args=[o.mine(o.open).pk]),
                allowed=p.member,
                without_role=[p.chair, p.group_leader, p.council],
                outside=[p.outsider],
            )
        ]
    if name == "evaluation:attach":
        return [
            case(
                reverse("evaluation:attach", args=[o.mine(o.open).pk]),
                method="post",
                data={},
                allowed=p.member,
                without_role=[p.chair, p.group_leader],
                outside=[p.outsider],
            )
        ]
    if name == "evaluation:attachment":
        return [case(reverse("evaluation:attachment", args=[o.attachment.pk]), allowed=p.member, outside=[p.outsider])]
    if name == "evaluation:review_row":
        s = f.self_assess(o.mine(o.open))
        return [
            case(
                reverse("evaluation:review_row", args=[s.pk]),
                method="post",
                data={"version": s.version},
                allowed=p.group_leader,
                without_role=[p.council, p.member],
                outside=[p.outsider],
            )
        ]
    if name == "evaluation:return":
        return [
            case(
                reverse("evaluation:return", args=[o.mine(o.open).pk]),
                allowed=p.group_leader,
                without_role=[p.council, p.member],
                outside=[p.outsider],
            )
        ]
    if name == "evaluation:decide_one":
        return [
            case(
                reverse("evaluation:decide_one", args=[o.mine(o.deciding).pk]),
                allowed=p.chair,
                without_role=[p.council, p.group_leader, p.member],
                outside=[p.outsider],
            )
        ]
    if name == "evaluation:object":
        return [
            case(
                reverse("evaluation:object", args=[o.mine(o.published).pk]),
                allowed=p.member,
                without_role=[p.chair, p.group_leader],
                outside=[p.outsider],
            )
        ]
    if name == "evaluation:unit_score":
        result = o.open.unit_results.get(unit=p.group)
        return [
            case(
                reverse("evaluation:unit_score", args=[result.pk]),
                allowed=p.chair,
                without_role=[p.council, p.group_leader],
                outside=[p.outsider],
            )
        ]
    if name == "evaluation:resolve":
        return [
            case(
                reverse("evaluation:resolve", args=[o.objection.pk]),
                allowed=p.chair,
                without_role=[p.council, p.group_leader, p.member],
                outside=[p.outsider],
            )
        ]
    if name == "evaluation:cluster":
        return [case(reverse("evaluation:cluster", args=[o.cluster.pk]), allowed=p.council, outside=[p.outsider])]
    raise AssertionError(name)


@pytest.mark.parametrize("name", sorted(COVERED))
def test_it_scopes_the_page(client, personas, name):
    for c in _cases(personas, _Objects(personas), name):
        assert_scope_contract(client, url=c["url"], method=c["method"], data=c["data"], allowed=c["allowed"],
                              in_scope_without_role=c["without_role"], out_of_scope=c["outside"])  # fmt: skip
