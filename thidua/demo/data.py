"""Demo data taken from the seed articles (../shared/seeds): the units, people and terms they name, plus plausible
generated members. Deterministic: the same data on every machine."""

import datetime
import importlib
import random
from dataclasses import dataclass

from django.apps import apps
from django.db import transaction

from thidua.accounts.models import User
from thidua.accounts.services import role_grant
from thidua.core.roles import Role
from thidua.members.choices import Gender, PositionRole
from thidua.members.models import Member
from thidua.members.names import vietnamese_name
from thidua.members.services import member_create, position_assign
from thidua.organizations.choices import ClusterKind, UnitKind
from thidua.organizations.models import Unit
from thidua.organizations.services import cluster_create, term_create, unit_create

DEMO_PASSWORD = "thidua2026"
MARKER_UNIT = "Tổng Liên đoàn Lao động Việt Nam"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    unit: str


def _units(parent: Unit, kind: str, names: list[str]) -> list[Unit]:
    return [unit_create(name=name, kind=kind, parent=parent) for name in names]


class _People:
    def __init__(self) -> None:
        self.rng = random.Random(2023)
        self.counter = 0

    def add(self, unit: Unit, prefix: str, full_name: str | None = None, gender: str | None = None, **extra) -> Member:
        self.counter += 1
        gender = gender or self.rng.choice([Gender.MALE, Gender.FEMALE])
        born = datetime.date(self.rng.randint(1966, 2000), self.rng.randint(1, 12), self.rng.randint(1, 28))
        joined = datetime.date(max(born.year + 22, 1995) + self.rng.randint(0, 8), self.rng.randint(1, 12), 1)
        party = self.rng.random() < 0.35
        fields = {
            "code": f"{prefix}{self.counter:05d}",
            "full_name": full_name or vietnamese_name(gender, self.rng),
            "gender": gender,
            "date_of_birth": born,
            "union_joined_on": joined,
            "is_party_member": party,
            "party_joined_on": datetime.date(joined.year + 2, 5, 19) if party else None,
            "job_title": self.rng.choice(["Chuyên viên", "Chuyên viên chính", "Kế toán", "Văn thư", "Kỹ sư"]),
            "unit": unit,
            "phone": f"09{self.rng.randint(10_000_000, 99_999_999)}",
        }
        fields.update(extra)
        return member_create(**fields)

    def fill(self, unit: Unit, prefix: str, count: int) -> list[Member]:
        return [self.add(unit, prefix) for _ in range(count)]


def is_loaded() -> bool:
    return Unit.objects.filter(name=MARKER_UNIT, parent__isnull=True).exists()


@transaction.atomic
def load() -> list[DemoAccount]:
    """Create the demo data; returns the demo accounts. Callers check ``is_loaded()`` first."""
    people = _People()
    tld = unit_create(name=MARKER_UNIT, kind=UnitKind.FEDERATION, short_name="TLĐ")

    # Hà Nam (seed 000, seed 004): Công đoàn Viên chức tỉnh → Công đoàn Sở Thông tin và Truyền thông.
    hanam = unit_create(name="Liên đoàn Lao động tỉnh Hà Nam", kind=UnitKind.PROVINCIAL, parent=tld)
    hanam_vc = unit_create(name="Công đoàn Viên chức tỉnh Hà Nam", kind=UnitKind.UPPER, parent=hanam,
                           short_name="CĐVC")  # fmt: skip
    agency_tttt = unit_create(name="Sở Thông tin và Truyền thông tỉnh Hà Nam", kind=UnitKind.AGENCY)
    tttt = unit_create(name="Công đoàn Sở Thông tin và Truyền thông", kind=UnitKind.GRASSROOTS, parent=hanam_vc,
                       short_name="CĐSTTTT", agency=agency_tttt)  # fmt: skip
    bcvt, van_phong, bao_chi = _units(tttt, UnitKind.GROUP, [
        "Bưu chính - Viễn thông - Công nghệ thông tin, Thanh tra", "Văn phòng - Kế hoạch tài chính",
        "Thông tin - Báo chí - Xuất bản",
    ])  # fmt: skip
    tu_phap, noi_vu = _units(hanam_vc, UnitKind.GRASSROOTS,
                             ["Công đoàn Sở Tư pháp", "Công đoàn Sở Nội vụ"])  # fmt: skip
    hieu = people.add(bcvt, "HN", "Nguyễn Trung Hiếu", Gender.MALE)
    ly = people.add(van_phong, "HN", "Trần Thị Hoa Lý", Gender.FEMALE, is_party_member=True,
                    party_joined_on=datetime.date(2008, 5, 19))  # fmt: skip
    hien = people.add(van_phong, "HN", "Hoàng Thanh Hiến", Gender.MALE, job_title="Phó Giám đốc Sở")
    viet = people.add(bao_chi, "HN", "Lê Ngọc Việt", Gender.MALE)
    for group in (bcvt, van_phong, bao_chi):
        people.fill(group, "HN", 7)
    people.fill(tu_phap, "HN", 12)
    people.fill(noi_vu, "HN", 15)
    old_term = term_create(unit=tttt, name="2018 - 2023", starts_on=datetime.date(2018, 5, 1),
                           ends_on=datetime.date(2023, 5, 22))  # fmt: skip
    term = term_create(unit=tttt, name="2023 - 2028", starts_on=datetime.date(2023, 5, 23),
                       ends_on=datetime.date(2028, 5, 22))  # fmt: skip
    position_assign(term=old_term, member=viet, role=PositionRole.CHAIR)
    position_assign(term=old_term, member=ly, role=PositionRole.VICE_CHAIR)
    position_assign(term=term, member=hien, role=PositionRole.CHAIR)
    position_assign(term=term, member=ly, role=PositionRole.VICE_CHAIR)
    for m in Member.objects.filter(unit__in=[bcvt, bao_chi]).exclude(pk__in=[hieu.pk, viet.pk])[:3]:
        position_assign(term=term, member=m, role=PositionRole.BCH_MEMBER)
    position_assign(term=term, member=hieu, role=PositionRole.GROUP_LEADER, unit=bcvt)
    cluster_create(name="Cụm thi đua số 1", kind=ClusterKind.CLUSTER, year=2023, organizer=hanam_vc,
                   units=[tttt, tu_phap, noi_vu], leader=tttt)  # fmt: skip

    # Quảng Bình (seed 001): Công đoàn cơ sở Sở Tài nguyên và Môi trường with member unions.
    qb = unit_create(name="Liên đoàn Lao động tỉnh Quảng Bình", kind=UnitKind.PROVINCIAL, parent=tld)
    qb_vc = unit_create(name="Công đoàn Viên chức tỉnh Quảng Bình", kind=UnitKind.UPPER, parent=qb)
    tnmt = unit_create(name="Công đoàn cơ sở Sở Tài nguyên và Môi trường", kind=UnitKind.GRASSROOTS, parent=qb_vc,
                       short_name="CĐSTNMT")  # fmt: skip
    for member_union in _units(tnmt, UnitKind.MEMBER_UNION, [
        "Công đoàn cơ sở thành viên Văn phòng Sở", "Công đoàn cơ sở thành viên Văn phòng Đăng ký đất đai",
        "Công đoàn cơ sở thành viên Trung tâm Quan trắc tài nguyên và môi trường",
        "Công đoàn cơ sở thành viên Trung tâm Phát triển quỹ đất",
    ]):  # fmt: skip
        people.fill(member_union, "QB", 10)

    # Sóc Trăng (seed 002): UBND tỉnh → Sở Khoa học và Công nghệ with its union.
    ubnd = unit_create(name="Ủy ban nhân dân tỉnh Sóc Trăng", kind=UnitKind.AGENCY, short_name="UBND")
    so_khcn = unit_create(name="Sở Khoa học và Công nghệ tỉnh Sóc Trăng", kind=UnitKind.AGENCY, parent=ubnd)
    khcn = unit_create(name="Công đoàn Sở Khoa học và Công nghệ", kind=UnitKind.GRASSROOTS, parent=so_khcn,
                       agency=so_khcn, short_name="CĐSKHCN")  # fmt: skip
    people.fill(khcn, "ST", 18)

    # Đồng Tháp (seed 003): LĐLĐ tỉnh with a few grassroots unions and a block.
    dt = unit_create(name="Liên đoàn Lao động tỉnh Đồng Tháp", kind=UnitKind.PROVINCIAL, parent=tld,
                     short_name="LĐLĐ")  # fmt: skip
    dt_vc = unit_create(name="Công đoàn Viên chức tỉnh Đồng Tháp", kind=UnitKind.UPPER, parent=dt)
    dt_units = _units(dt_vc, UnitKind.GRASSROOTS, [
        "Công đoàn cơ sở Báo Đồng Tháp", "Công đoàn cơ sở Sở Nội vụ tỉnh Đồng Tháp",
        "Công đoàn cơ sở Trường THPT Thành phố Cao Lãnh",
    ])  # fmt: skip
    for unit in dt_units:
        people.fill(unit, "DT", 14)
    cluster_create(name="Khối các cơ quan Đảng, đoàn thể và sự nghiệp", kind=ClusterKind.BLOCK, year=2022,
                   organizer=dt_vc, units=dt_units, leader=dt_units[0])  # fmt: skip

    accounts = [
        DemoAccount("admin", Role.ADMIN, tld.name),
        DemoAccount("canbo.cdvc", Role.OFFICER, hanam_vc.name),
        DemoAccount("chutich.tttt", Role.CHAIR, tttt.name),
        DemoAccount("totruong.bcvt", Role.GROUP_LEADER, bcvt.name),
        DemoAccount("hoidong.tttt", Role.COUNCIL, tttt.name),
        DemoAccount("doanvien.ly", Role.MEMBER, van_phong.name),
        DemoAccount("chutich.tnmt", Role.CHAIR, tnmt.name),
    ]
    units = {u.name: u for u in Unit.objects.filter(name__in=[a.unit for a in accounts])}
    for account in accounts:
        user = User.objects.create_user(
            username=account.username, password=DEMO_PASSWORD, is_superuser=account.role == Role.ADMIN,
            is_staff=account.role == Role.ADMIN,
        )  # fmt: skip
        role_grant(user=user, role=account.role, unit=units[account.unit])
    member_user = User.objects.get(username="doanvien.ly")
    ly.user = member_user
    ly.save()
    User.objects.filter(username="chutich.tttt").update(full_name=hien.full_name)
    User.objects.filter(username="totruong.bcvt").update(full_name=hieu.full_name)
    User.objects.filter(username="doanvien.ly").update(full_name=ly.full_name)
    _load_app_demos()
    return accounts


def _load_app_demos() -> None:
    """Each domain app may add its demo records (movements, initiatives…) in ``<app>/demo.py: load_demo()``,
    called in INSTALLED_APPS order once the tree and the people exist."""
    for config in apps.get_app_configs():
        if not config.name.startswith("thidua.") or config.name == "thidua.demo":
            continue
        try:
            module = importlib.import_module(f"{config.name}.demo")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.demo":
                raise
            continue
        module.load_demo()


def accounts() -> list[DemoAccount]:
    from thidua.accounts.models import RoleGrant

    grants = RoleGrant.objects.filter(user__password__isnull=False).select_related("user", "unit")
    return [DemoAccount(g.user.username, g.role, g.unit.name) for g in grants.order_by("user__username")]
