"""Every movement page obeys the scope contract (thidua/core/tests/test_page_scope.py collects ``COVERED``)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from thidua.core.testing import assert_scope_contract
from thidua.movements import services
from thidua.movements.models import Criterion
from thidua.movements.tests.conftest import make_plan, share_target

pytestmark = pytest.mark.django_db

COVERED = {
    "movements:list", "movements:create", "movements:from_template", "movements:detail", "movements:edit",
    "movements:launch", "movements:close", "movements:recompute", "movements:group_add", "movements:item_add",
    "movements:standard_add", "movements:criterion_add", "movements:criterion_edit", "movements:criterion_remove",
    "movements:phase_add", "movements:phase_edit", "movements:phase_review", "movements:target_add",
    "movements:target_edit", "movements:target_manual", "movements:dashboard", "movements:adoptions",
    "movements:adopt", "movements:register", "movements:registrations", "movements:registrations_export",
    "movements:part_remove", "movements:registration_withdraw",
}  # fmt: skip


class World:
    """A running plan of the Sở's union for this year, a draft, and a running plan of the upper union."""

    def __init__(self, p):
        year = timezone.localdate().year
        self.p = p
        self.draft = make_plan(p, year=year, title="Dự thảo")
        self.group = self.draft.content_groups.get()
        self.item = self.group.items.get()
        running = make_plan(p, year=year)
        self.criterion = services.criterion_add(movement=running, name="Lên lịch công tác đầy đủ", max_points=10)
        self.target = share_target(running, deadline=datetime.date(year, 10, 31))
        self.manual = services.target_add(
            movement=running,
            name="100% văn bản trên phần mềm",
            kind="share",
            source="manual",
            target_min=100,
            deadline=datetime.date(year, 10, 31),
        )
        self.running = services.movement_launch(movement=running, by=p.chair)
        self.phase = self.running.phases.order_by("starts_on").first()
        self.pledge = services.registration_submit(movement=self.running, subject="individual",
                                                   member=p.member_record, title_code="ldtt")  # fmt: skip
        self.upper = services.movement_launch(movement=make_plan(p, unit=p.upper, year=year,
                                                                 adopter_kind="grassroots"), by=p.officer)  # fmt: skip


def case(url, *, allowed, without_role=(), outside=()):
    return {"url": url, "allowed": allowed, "without_role": list(without_role), "outside": list(outside)}


def _cases(w: World) -> dict[str, list[dict]]:
    p, m = w.p, w.running.pk
    managers_only = {"without_role": [p.council, p.group_leader, p.member], "outside": [p.outsider]}
    return {
        "movements:list": [case(reverse("movements:list"), allowed=p.member)],
        "movements:create": [case(reverse("movements:create"), allowed=p.chair,
                                  without_role=[p.council, p.group_leader, p.member])],
        "movements:from_template": [case(reverse("movements:from_template"), allowed=p.officer,
                                         without_role=[p.council, p.group_leader, p.member])],
        "movements:detail": [
            case(reverse("movements:detail", args=[m]), allowed=p.member, outside=[p.outsider]),
            case(reverse("movements:detail", args=[w.draft.pk]), allowed=p.council, outside=[p.outsider, p.member]),
            case(reverse("movements:detail", args=[w.upper.pk]), allowed=p.outsider),
        ],
        "movements:edit": [case(reverse("movements:edit", args=[m]), allowed=p.chair, **managers_only)],
        "movements:launch": [case(reverse("movements:launch", args=[w.draft.pk]), allowed=p.chair,
                                  without_role=[p.council], outside=[p.outsider, p.member, p.group_leader])],
        "movements:close": [case(reverse("movements:close", args=[m]), allowed=p.chair, **managers_only)],
        "movements:recompute": [case(reverse("movements:recompute", args=[m]), allowed=p.officer, **managers_only)],
        "movements:group_add": [case(reverse("movements:group_add", args=[w.draft.pk]), allowed=p.chair,
                                     without_role=[p.council], outside=[p.outsider, p.member])],
        "movements:item_add": [case(reverse("movements:item_add", args=[w.group.pk]), allowed=p.chair,
                                    without_role=[p.council], outside=[p.outsider])],
        "movements:standard_add": [case(reverse("movements:standard_add", args=[w.item.pk]), allowed=p.chair,
                                        without_role=[p.council], outside=[p.outsider, p.group_leader])],
        "movements:criterion_add": [case(reverse("movements:criterion_add", args=[m]), allowed=p.chair,
                                         **managers_only)],
        "movements:criterion_edit": [case(reverse("movements:criterion_edit", args=[w.criterion.pk]), allowed=p.chair,
                                          **managers_only)],
        "movements:criterion_remove": [case(reverse("movements:criterion_remove", args=[w.criterion.pk]),
                                            allowed=p.chair, **managers_only)],
        "movements:phase_add": [case(reverse("movements:phase_add", args=[m]), allowed=p.chair, **managers_only)],
        "movements:phase_edit": [case(reverse("movements:phase_edit", args=[w.phase.pk]), allowed=p.chair,
                                      **managers_only)],
        "movements:phase_review": [case(reverse("movements:phase_review", args=[w.phase.pk]), allowed=p.chair,
                                        **managers_only)],
        "movements:target_add": [case(reverse("movements:target_add", args=[m]), allowed=p.chair, **managers_only)],
        "movements:target_edit": [case(reverse("movements:target_edit", args=[w.target.pk]), allowed=p.chair,
                                       **managers_only)],
        "movements:target_manual": [case(reverse("movements:target_manual", args=[w.manual.pk]), allowed=p.chair,
                                         **managers_only)],
        "movements:dashboard": [
            case(reverse("movements:dashboard", args=[m]), allowed=p.council, without_role=[p.member],
                 outside=[p.outsider]),
            case(reverse("movements:dashboard", args=[w.upper.pk]) + f"?unit={p.other_grassroots.pk}",
                 allowed=p.officer, outside=[p.chair, p.group_leader]),
        ],
        "movements:adoptions": [case(reverse("movements:adoptions", args=[w.upper.pk]), allowed=p.council,
                                     without_role=[p.member])],
        "movements:adopt": [case(reverse("movements:adopt", args=[w.upper.pk]), allowed=p.chair,
                                 without_role=[p.council, p.group_leader, p.member])],
        "movements:register": [case(reverse("movements:register", args=[m]), allowed=p.member,
                                    without_role=[p.council, p.group_leader], outside=[p.outsider])],
        "movements:registrations": [
            case(reverse("movements:registrations", args=[m]), allowed=p.group_leader, without_role=[p.member],
                 outside=[p.outsider]),
            case(reverse("movements:registrations", args=[m]) + f"?unit={p.other_group.pk}&show=missing",
                 allowed=p.council, outside=[p.group_leader]),
        ],
        "movements:part_remove": [
            case(reverse("movements:part_remove", args=["target", w.target.pk]), allowed=p.chair, **managers_only),
            case(reverse("movements:part_remove", args=["phase", w.phase.pk]), allowed=p.chair, **managers_only),
            case(reverse("movements:part_remove", args=["item", w.item.pk]), allowed=p.chair, without_role=[p.council],
                 outside=[p.outsider]),
            case(reverse("movements:part_remove", args=["group", w.group.pk]), allowed=p.chair,
                 without_role=[p.council], outside=[p.outsider]),
        ],
        "movements:registration_withdraw": [
            case(reverse("movements:registration_withdraw", args=[w.pledge.pk]), allowed=p.member,
                 without_role=[p.council, p.group_leader], outside=[p.outsider]),
            case(reverse("movements:registration_withdraw", args=[w.pledge.pk]), allowed=p.chair),
        ],
        "movements:registrations_export": [case(reverse("movements:registrations_export", args=[m]),
                                                allowed=p.chair, without_role=[p.member], outside=[p.outsider])],
    }  # fmt: skip


@pytest.mark.parametrize("name", sorted(COVERED))
def test_it_scopes_the_page(client, personas, name):
    for c in _cases(World(personas))[name]:
        assert_scope_contract(client, url=c["url"], allowed=c["allowed"], in_scope_without_role=c["without_role"],
                              out_of_scope=c["outside"])  # fmt: skip


def test_every_movement_page_has_a_case():
    from thidua.movements.urls import urlpatterns

    assert {f"movements:{p.name}" for p in urlpatterns} == COVERED


def test_a_write_by_a_user_without_the_role_changes_nothing(client, personas):
    w = World(personas)
    client.force_login(personas.council)
    response = client.post(reverse("movements:criterion_edit", args=[w.criterion.pk]),
                           {"name": "Đổi", "max_points": "50", "method": "manual", "reason": "Thử"})  # fmt: skip
    assert response.status_code == 403
    assert Criterion.objects.get(pk=w.criterion.pk).max_points == 10
