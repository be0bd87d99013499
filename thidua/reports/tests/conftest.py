import datetime

import pytest

from thidua.awards.tests import factories as f
from thidua.members.tests.factories import MemberFactory
from thidua.movements import services as movement_services
from thidua.movements.tests.conftest import make_plan, share_target

YEAR = 2025


@pytest.fixture
def figures(personas):
    """A grassroots union with two groups, rated in 2024 and 2025, with awards, a cluster and a measured target:
    group 1 (Nguyễn Trung Hiếu HTXS, Trần Thị Hoa Lý HTT), group 2 (one member, HT); in 2024 only Lý (HTT)."""
    p = personas
    third = MemberFactory(unit=p.other_group, code="HN0003", full_name="Phạm Văn Ba")
    f.rate(p.member_record, YEAR, "HTXS")
    f.rate(p.colleague, YEAR, "HTT")
    f.rate(third, YEAR, "HT")
    f.rate(p.colleague, YEAR - 1, "HTT")
    f.award(p.member_record, YEAR, "ldtt", name="Lao động tiên tiến", scope_unit=p.group)
    f.award(p.colleague, YEAR, "ldtt", name="Lao động tiên tiến", scope_unit=p.group)
    f.award(p.group, YEAR, "tt_ldtt", name="Tập thể lao động tiên tiến")
    f.award(p.colleague, YEAR - 1, "ldtt", name="Lao động tiên tiến", scope_unit=p.group)
    f.cluster_leader(p.grassroots, YEAR, organizer=p.upper)
    movement = make_plan(p, year=YEAR, launch=True)
    target = share_target(movement)
    movement_services.movement_recompute_progress(movement=movement, as_of=datetime.date(YEAR, 6, 1))
    return {"third": third, "movement": movement, "target": target}
