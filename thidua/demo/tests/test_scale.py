import io
import random
import statistics

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils import timezone

from thidua.accounts.models import User
from thidua.demo import scale
from thidua.members.choices import Gender, MemberStatus
from thidua.members.models import Member
from thidua.organizations.choices import UnitKind
from thidua.organizations.models import Cluster, Unit
from thidua.organizations.selectors import tree_member_counts

MEMBERS = 3_000

# The kinds a unit of each kind may have below it in the generated tree.
CHILD_KINDS = {
    UnitKind.PROVINCIAL: {UnitKind.UPPER},
    UnitKind.UPPER: {UnitKind.GRASSROOTS},
    UnitKind.GRASSROOTS: {UnitKind.GROUP, UnitKind.MEMBER_UNION},
    UnitKind.MEMBER_UNION: {UnitKind.GROUP},
    UnitKind.GROUP: set(),
}


@pytest.fixture
def province(db) -> scale.ScaleSummary:
    return scale.generate(members=MEMBERS, prefix="T1", seed=11)


def _units(summary: scale.ScaleSummary) -> list[Unit]:
    root = Unit.objects.get(pk=summary.root_id)
    return list(Unit.objects.filter(path__startswith=root.path))


def test_it_creates_exactly_the_members_asked_for(province):
    assert province.members == MEMBERS
    assert Member.objects.filter(code__startswith="T1-").count() == MEMBERS
    assert Member.objects.filter(code="T1-0000001").exists()
    root = Unit.objects.get(pk=province.root_id)
    assert Member.objects.in_subtree(root).count() == MEMBERS


def test_it_builds_a_province_tree_with_correct_paths(province):
    units = _units(province)
    by_id = {u.pk: u for u in units}
    root = by_id[province.root_id]
    assert root.parent_id is None
    assert root.kind == UnitKind.PROVINCIAL
    assert root.name == "Liên đoàn Lao động tỉnh Hải Dương"
    for unit in units:
        parent_path = by_id[unit.parent_id].path if unit.parent_id else "/"
        assert unit.path == f"{parent_path}{unit.pk}/"
        if unit.parent_id:
            assert unit.kind in CHILD_KINDS[by_id[unit.parent_id].kind]
    assert province.units == len(units)
    assert province.units_by_kind[UnitKind.UPPER] >= 2
    assert province.units_by_kind[UnitKind.GRASSROOTS] >= 10
    assert province.units_by_kind[UnitKind.GROUP] >= 1


def test_it_puts_members_only_in_leaf_units(province):
    units = _units(province)
    parents = {u.parent_id for u in units}
    holding = set(Member.objects.filter(code__startswith="T1-").values_list("unit_id", flat=True).distinct())
    assert holding
    assert not holding & parents


def test_tree_member_counts_add_up(province):
    root = Unit.objects.get(pk=province.root_id)
    counts = tree_member_counts(root)
    active = Member.objects.in_subtree(root).active().count()
    assert counts[root.pk] == active
    assert MEMBERS * 0.95 < active <= MEMBERS  # about 1% have left
    uppers = Unit.objects.filter(parent=root)
    assert sum(counts[u.pk] for u in uppers) == active


def test_it_fills_members_as_the_services_would(province):
    members = list(Member.objects.filter(code__startswith="T1-").order_by("?")[:200])
    for member in members:
        stored = (member.full_name, member.sort_key, member.search_text)
        member.refresh_derived()
        assert stored == (member.full_name, member.sort_key, member.search_text)
        assert member.union_joined_on > member.date_of_birth
        assert member.is_party_member or member.party_joined_on is None
        assert (member.status == MemberStatus.LEFT) == (member.status_changed_on is not None)
    assert len(members[0].full_name.split()) >= 3


def test_it_mixes_genders_and_about_a_third_are_party_members(province):
    members = Member.objects.filter(code__startswith="T1-")
    women = members.filter(gender=Gender.FEMALE).count()
    assert 0.3 * MEMBERS < women < 0.8 * MEMBERS
    assert 0.25 * MEMBERS < members.filter(is_party_member=True).count() < 0.35 * MEMBERS


def test_it_finds_generated_members_by_accent_free_search(province):
    member = Member.objects.filter(code__startswith="T1-").first()
    given = member.search_text.split()[2]
    assert Member.objects.search(f"{given} {member.phone}").filter(pk=member.pk).exists()


def test_grassroots_union_sizes_are_realistic():
    sizes = scale.grassroots_sizes(300_000, random.Random(5))
    assert sum(sizes) == 300_000
    assert min(sizes) >= scale.MIN_GRASSROOTS_SIZE
    assert max(sizes) <= scale.MAX_GRASSROOTS_SIZE
    assert 20 <= statistics.median(sizes) <= 200
    assert sum(20 <= s <= 200 for s in sizes) / len(sizes) > 0.7  # most unions have 20–200 members
    assert sum(s >= 1_000 for s in sizes) >= 20  # and a long tail of large enterprise unions
    assert 1_200 < len(sizes) < 2_500


def test_a_province_of_300000_members_has_about_3500_units():
    root = scale.plan_tree(members=300_000, province="Bắc Ninh", rng=random.Random(2026))
    kinds = [node.kind for level in scale._levels(root) for _, node in level]
    assert 3_000 < len(kinds) < 4_500
    assert 10 <= kinds.count(UnitKind.UPPER) <= 20
    assert kinds.count(UnitKind.MEMBER_UNION) > 0
    assert root.total() == 300_000


def test_small_provinces_keep_unions_within_the_total():
    sizes = scale.grassroots_sizes(500, random.Random(1))
    assert sum(sizes) == 500
    assert max(sizes) <= 300


def test_it_groups_grassroots_unions_into_clusters_with_a_leader(province):
    grassroots = Unit.objects.filter(kind=UnitKind.GRASSROOTS, path__startswith=f"/{province.root_id}/")
    clusters = list(Cluster.objects.filter(organizer__parent_id=province.root_id).prefetch_related("units"))
    assert len(clusters) == province.clusters
    members_of = [u.pk for c in clusters for u in c.units.all()]
    assert sorted(members_of) == sorted(grassroots.values_list("pk", flat=True))  # each union in exactly one
    for cluster in clusters:
        units = list(cluster.units.all())
        assert cluster.year == timezone.localdate().year
        assert cluster.leader in units
        assert all(u.parent_id == cluster.organizer_id for u in units)


def test_its_accounts_see_their_own_subtree(province):
    officer = User.objects.get(username="t1.canbo.tinh")
    assert officer.check_password(scale.SCALE_PASSWORD)
    assert Member.objects.visible_to(officer).count() == MEMBERS
    chair_account = next(a for a in province.accounts if a.username == "t1.chutich.lon")
    chair = User.objects.get(username=chair_account.username)
    union = Unit.objects.get(pk=chair_account.unit_id)
    assert union.kind == UnitKind.GRASSROOTS
    assert (
        Member.objects.visible_to(chair).count()
        == chair_account.subtree_members
        == Member.objects.in_subtree(union).count()
    )
    biggest = max(a.subtree_members for a in province.accounts if a.role == "chair")
    assert chair_account.subtree_members == biggest


def test_it_refuses_a_prefix_already_used_and_adds_another_province(province):
    with pytest.raises(ValidationError):
        scale.generate(members=100, prefix="T1")
    assert Member.objects.count() == MEMBERS

    second = scale.generate(members=200, prefix="T12", province="Nam Định")
    assert second.root_id != province.root_id
    assert Member.objects.count() == MEMBERS + 200
    assert Member.objects.filter(code__startswith="T1-").count() == MEMBERS
    assert Unit.objects.get(pk=second.root_id).name == "Liên đoàn Lao động tỉnh Nam Định"


@pytest.mark.parametrize("prefix", ["", "t1", "A-B", "X" * 13])
def test_it_rejects_malformed_prefixes(db, prefix):
    with pytest.raises(ValidationError):
        scale.generate(members=100, prefix=prefix)


def test_the_command_prints_a_summary_and_refuses_a_used_prefix(db):
    out = io.StringIO()
    call_command("generate_scale", "--members", "400", "--prefix", "CMD", "--seed", "3", stdout=out)
    text = out.getvalue()
    assert "Công đoàn cơ sở" in text
    assert "400" in text
    assert "cmd.canbo.tinh" in text
    assert Member.objects.filter(code__startswith="CMD-").count() == 400
    with pytest.raises(CommandError, match="CMD"):
        call_command("generate_scale", "--members", "400", "--prefix", "CMD", stdout=io.StringIO())


def test_the_same_seed_builds_the_same_province(db):
    first = scale.generate(members=500, prefix="SA", seed=9)
    second = scale.generate(members=500, prefix="SB", seed=9)
    assert first.units_by_kind == second.units_by_kind

    def names(prefix: str) -> list[str]:
        return list(Member.objects.filter(code__startswith=f"{prefix}-").order_by("code").values_list("full_name"))

    assert names("SA") == names("SB")
