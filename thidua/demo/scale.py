"""Synthetic province-scale data for benchmarks and load tests (``manage.py generate_scale``).

One provincial federation (LĐLĐ tỉnh) with upper unions, grassroots unions of realistic sizes (DOMAIN §7: most have
20–200 members, a long tail of enterprise unions reaches ~5,000), union groups and, for the largest, member unions;
emulation clusters of grassroots unions for the current year; members with Vietnamese names; a few accounts.

Everything is written with ``bulk_create`` / ``bulk_update`` in batches, so **synthetic data skips the audit trail**
(no history rows) and the per-row checks of the services. The rows it writes are still what the services would
write: ``Unit.path`` is the chain of ids and each member's ``sort_key`` / ``search_text`` equal
``Member.refresh_derived()``.
"""

import datetime
import functools
import random
import re
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from thidua.accounts.models import RoleGrant, User
from thidua.core.roles import Role
from thidua.core.text import fold, name_sort_key, normalize_name
from thidua.members.choices import Gender, MemberStatus
from thidua.members.models import Member
from thidua.members.names import vietnamese_name
from thidua.organizations.choices import ClusterKind, UnitKind
from thidua.organizations.models import Cluster, Unit

BATCH_SIZE = 5_000
MAX_GRASSROOTS_SIZE = 5_000
MIN_GRASSROOTS_SIZE = 10
PARTY_SHARE = 0.30
LEFT_SHARE = 0.01  # members who have left (thôi sinh hoạt): kept as records, not counted as active
SCALE_PASSWORD = "thidua2026"  # same as the demo accounts, so the generated accounts can sign in to look around
PREFIX_RE = re.compile(r"^[A-Z0-9]{1,12}$")

DISTRICTS = ["Thanh Hà", "Kinh Môn", "Nam Sách", "Cẩm Giàng", "Gia Lộc", "Tứ Kỳ", "Ninh Giang", "Thanh Miện",
             "Bình Giang", "Kim Thành", "Chí Linh", "Kinh Động"]  # fmt: skip
PLACES = ["An Bình", "Tân Phú", "Hòa Thành", "Phú Mỹ", "Đông Hưng", "Thanh Sơn", "Quang Trung", "Hùng Vương",
          "Lê Lợi", "Trần Phú", "Nguyễn Trãi", "Bình Minh", "Hưng Long", "Phúc Thành", "Yên Bình", "Đại Đồng",
          "Tân Tiến", "Minh Khai", "Hồng Phong", "Vĩnh Lộc", "Cộng Hòa", "Thống Nhất", "Lạc Long"]  # fmt: skip
COMPANY_WORDS = ["May mặc", "Điện tử", "Giày da", "Cơ khí", "Thực phẩm", "Linh kiện", "Bao bì", "Dệt", "Nhựa",
                 "Xây dựng", "Gốm sứ", "Thép", "Dược phẩm", "Logistics"]  # fmt: skip
COMPANY_NAMES = ["Hưng Phát", "Tân Thành", "Sao Vàng", "Việt Hàn", "Minh Anh", "Phú Gia", "Thái Sơn", "Đại Phong",
                 "Hòa Bình", "Kim Long", "Nam Việt", "Hoàng Gia", "Thành Công", "Á Châu", "Trường Hải"]  # fmt: skip
DEPARTMENTS = ["Sở Tư pháp", "Sở Nội vụ", "Sở Tài chính", "Sở Kế hoạch và Đầu tư", "Sở Công Thương",
               "Sở Tài nguyên và Môi trường", "Sở Thông tin và Truyền thông", "Sở Văn hóa, Thể thao và Du lịch",
               "Sở Khoa học và Công nghệ", "Sở Lao động - Thương binh và Xã hội", "Văn phòng UBND tỉnh",
               "Thanh tra tỉnh", "Ban Quản lý các khu công nghiệp", "Đài Phát thanh và Truyền hình",
               "Báo tỉnh", "Kho bạc Nhà nước tỉnh", "Cục Thuế tỉnh", "Bảo hiểm xã hội tỉnh"]  # fmt: skip
SCHOOLS = ["Trường Mầm non", "Trường Tiểu học", "Trường THCS", "Trường THPT"]
HEALTH = ["Trạm Y tế xã", "Trung tâm Y tế huyện", "Bệnh viện đa khoa", "Phòng khám đa khoa khu vực"]
JOBS = {
    "enterprise": ["Công nhân", "Công nhân may", "Tổ trưởng sản xuất", "Kỹ thuật viên", "Thủ kho", "Kế toán"],
    "school": ["Giáo viên", "Giáo viên", "Nhân viên thư viện", "Kế toán", "Hiệu phó"],
    "health": ["Bác sĩ", "Điều dưỡng", "Y sĩ", "Dược sĩ", "Kỹ thuật viên xét nghiệm"],
    "office": ["Chuyên viên", "Chuyên viên chính", "Văn thư", "Kế toán", "Thanh tra viên"],
    "commune": ["Công chức", "Chuyên viên", "Văn thư", "Cán bộ địa chính"],
}


@dataclass(frozen=True)
class UpperSpec:
    """An upper-level union and the kind of grassroots unions it directs (shapes names, jobs and genders)."""

    name: str
    short_name: str
    sector: str  # enterprise | school | health | office | mixed
    weight: float  # share of the small and medium grassroots unions
    female_share: float


def upper_specs(province: str) -> list[UpperSpec]:
    specs = [
        UpperSpec(f"Công đoàn các Khu công nghiệp tỉnh {province}", "CĐKCN", "enterprise", 0.05, 0.62),
        UpperSpec(f"Công đoàn ngành Giáo dục tỉnh {province}", "CĐGD", "school", 0.22, 0.74),
        UpperSpec(f"Công đoàn Viên chức tỉnh {province}", "CĐVC", "office", 0.06, 0.50),
        UpperSpec(f"Công đoàn ngành Y tế tỉnh {province}", "CĐYT", "health", 0.07, 0.66),
    ]
    specs += [
        UpperSpec(f"Liên đoàn Lao động huyện {d}", f"LĐLĐ{i + 1}", "mixed", 0.055, 0.52)
        for i, d in enumerate(DISTRICTS[:9])
    ]
    specs += [
        UpperSpec(f"Công đoàn ngành Giao thông vận tải tỉnh {province}", "CĐGTVT", "enterprise", 0.02, 0.30),
        UpperSpec(f"Công đoàn ngành Nông nghiệp và Phát triển nông thôn tỉnh {province}", "CĐNN", "office", 0.03,
                  0.45),
    ]  # fmt: skip
    return specs


@dataclass
class _Node:
    """A planned unit: created in bulk, level by level, once the whole tree is planned."""

    name: str
    kind: str
    short_name: str = ""
    members: int = 0  # members placed directly in this unit (only leaves hold members)
    sector: str = "mixed"
    female_share: float = 0.5
    children: list["_Node"] = field(default_factory=list)
    unit: Unit | None = None

    def add(self, child: "_Node") -> "_Node":
        self.children.append(child)
        return child

    def total(self) -> int:
        return self.members + sum(c.total() for c in self.children)


@dataclass(frozen=True)
class ScaleAccount:
    username: str
    role: str
    unit_id: int
    unit_name: str
    subtree_members: int


@dataclass(frozen=True)
class ScaleSummary:
    root_id: int
    prefix: str
    units_by_kind: dict[str, int]
    members: int
    clusters: int
    accounts: list[ScaleAccount]
    seconds: float

    @property
    def units(self) -> int:
        return sum(self.units_by_kind.values())


def member_code(prefix: str, number: int) -> str:
    """Member codes are ``<PREFIX>-<7 digits>``: the dash keeps two prefixes from ever producing the same code."""
    return f"{prefix}-{number:07d}"


def account_username(prefix: str, key: str) -> str:
    """The generated accounts: ``<prefix>.canbo.tinh``, ``.canbo.captren``, ``.chutich.lon``, ``.chutich.vua``."""
    return f"{prefix.lower()}.{key}"


def prefix_in_use(prefix: str) -> bool:
    return (
        Member.objects.filter(code__startswith=f"{prefix}-").exists()
        or User.objects.filter(username__startswith=f"{prefix.lower()}.").exists()
    )


def grassroots_sizes(total: int, rng: random.Random) -> list[int]:
    """Member counts of grassroots unions adding up to ``total``.

    Nine unions in ten are agencies, schools, clinics and small firms (log-normal around 55, mostly 20–200); one in
    ten is an enterprise union drawn from a Pareto tail between 300 and 5,000 (fewer than that on a small total).
    """
    cap = max(300, min(MAX_GRASSROOTS_SIZE, total // 4))
    sizes: list[int] = []
    remaining = total
    while remaining > 0:
        if rng.random() < 0.10:
            size = int(min(cap, 300 * rng.paretovariate(1.05)))
        else:
            size = int(min(300, max(MIN_GRASSROOTS_SIZE, rng.lognormvariate(4.0, 0.65))))
        if remaining - size < MIN_GRASSROOTS_SIZE:
            size = remaining
        sizes.append(size)
        remaining -= size
    return sizes


def _split(total: int, parts: int, rng: random.Random) -> list[int]:
    """``total`` split into ``parts`` uneven positive shares."""
    weights = [rng.uniform(0.6, 1.4) for _ in range(parts)]
    scale = total / sum(weights)
    shares = [max(1, int(w * scale)) for w in weights]
    shares[0] += total - sum(shares)
    return shares


def _grassroots_name(spec: UpperSpec, size: int, number: int, rng: random.Random) -> tuple[str, str]:
    """(name, sector) of a grassroots union; the number keeps names distinct within the province."""
    sector = spec.sector
    if sector == "mixed":
        sector = "enterprise" if size >= 200 else rng.choice(["school", "commune", "commune", "health", "enterprise"])
    place = PLACES[number % len(PLACES)]
    if sector == "enterprise":
        kind = "Cổ phần" if rng.random() < 0.3 else "TNHH"
        company = f"{rng.choice(COMPANY_WORDS)} {rng.choice(COMPANY_NAMES)}"
        name = f"Công đoàn cơ sở Công ty {kind} {company} số {number}"
    elif sector == "school":
        name = f"Công đoàn cơ sở {rng.choice(SCHOOLS)} {place} số {number}"
    elif sector == "health":
        name = f"Công đoàn cơ sở {rng.choice(HEALTH)} {place} số {number}"
    elif sector == "office":
        name = f"Công đoàn cơ sở {DEPARTMENTS[number % len(DEPARTMENTS)]} (đơn vị {number})"
    else:
        name = f"Công đoàn cơ sở xã {place} số {number}"
    return name, sector


def _add_groups(parent: _Node, size: int, rng: random.Random) -> None:
    """Union groups (tổ công đoàn) of about 50–200 members; a union under 100 members has none."""
    if size < 100:
        parent.members = size
        return
    count = min(10, max(2, size // 150))
    for i, share in enumerate(_split(size, count, rng), start=1):
        parent.add(_Node(f"Tổ công đoàn số {i}", UnitKind.GROUP, members=share, sector=parent.sector,
                         female_share=parent.female_share))  # fmt: skip


def plan_tree(*, members: int, province: str, rng: random.Random) -> _Node:
    """The whole province, unit by unit, with the members each leaf holds (nothing is written yet)."""
    root = _Node(f"Liên đoàn Lao động tỉnh {province}", UnitKind.PROVINCIAL, short_name="LĐLĐ")
    specs = upper_specs(province)[: min(15, max(2, members // 20_000))]
    uppers = [root.add(_Node(s.name, UnitKind.UPPER, short_name=s.short_name, sector=s.sector,
                             female_share=s.female_share)) for s in specs]  # fmt: skip
    enterprise_uppers = [i for i, s in enumerate(specs) if s.sector in ("enterprise", "mixed")] or [0]
    weights = [s.weight for s in specs]
    for number, size in enumerate(grassroots_sizes(members, rng), start=1):
        if size >= 300:  # enterprise unions sit in industrial zones, the transport branch or the districts
            index = enterprise_uppers[0] if rng.random() < 0.6 else rng.choice(enterprise_uppers)
        else:
            index = rng.choices(range(len(specs)), weights)[0]
        name, sector = _grassroots_name(specs[index], size, number, rng)
        female = specs[index].female_share
        node = uppers[index].add(_Node(name, UnitKind.GRASSROOTS, sector=sector, female_share=female))
        if size >= 2_000:  # a large enterprise union works through member unions (CĐCS thành viên)
            workshops = min(8, size // 600)
            for i, share in enumerate(_split(size, workshops, rng), start=1):
                sub = node.add(_Node(f"Công đoàn bộ phận Xưởng {i}", UnitKind.MEMBER_UNION, sector=sector,
                                     female_share=female))  # fmt: skip
                _add_groups(sub, share, rng)
        else:
            _add_groups(node, size, rng)
    return root


def _levels(root: _Node) -> Iterator[list[tuple[_Node | None, _Node]]]:
    level: list[tuple[_Node | None, _Node]] = [(None, root)]
    while level:
        yield level
        level = [(node, child) for _, node in level for child in node.children]


def _create_units(root: _Node) -> None:
    """Insert the tree level by level (so each parent has its id), then write every path in bulk."""
    for level in _levels(root):
        units = [Unit(name=n.name, kind=n.kind, short_name=n.short_name, parent=p.unit if p else None)
                 for p, n in level]  # fmt: skip
        Unit.objects.bulk_create(units, batch_size=BATCH_SIZE)
        for (parent, node), unit in zip(level, units, strict=True):
            unit.path = (parent.unit.path if parent and parent.unit else "/") + f"{unit.pk}/"
            node.unit = unit
        Unit.objects.bulk_update(units, ["path"], batch_size=BATCH_SIZE)


@functools.lru_cache(maxsize=10_000)
def _name_keys(full_name: str) -> tuple[str, str, str]:
    """(normalised name, sort key, folded name): a province has a few thousand distinct names, computed once."""
    name = normalize_name(full_name)
    return name, name_sort_key(name), fold(name)


def _members(root: _Node, prefix: str, rng: random.Random, today: datetime.date) -> Iterator[Member]:
    number = 0
    for level in _levels(root):
        for _, node in level:
            jobs = JOBS.get(node.sector, JOBS["office"])
            for _ in range(node.members):
                number += 1
                gender = Gender.FEMALE if rng.random() < node.female_share else Gender.MALE
                name, sort_key, folded = _name_keys(vietnamese_name(gender, rng))
                code = member_code(prefix, number)
                phone = f"09{rng.randint(10_000_000, 99_999_999)}"
                born = datetime.date(rng.randint(1966, 2004), rng.randint(1, 12), rng.randint(1, 28))
                joined = datetime.date(min(today.year, born.year + 20 + rng.randint(0, 12)), rng.randint(1, 12), 1)
                party = rng.random() < PARTY_SHARE
                left = rng.random() < LEFT_SHARE
                yield Member(
                    code=code,
                    full_name=name,
                    gender=gender,
                    date_of_birth=born,
                    union_joined_on=min(joined, today),
                    is_party_member=party,
                    party_joined_on=datetime.date(born.year + 25, 5, 19) if party and born.year + 25 < today.year
                    else None,
                    job_title=rng.choice(jobs),
                    unit=node.unit,
                    status=MemberStatus.LEFT if left else MemberStatus.ACTIVE,
                    status_changed_on=today - datetime.timedelta(days=rng.randint(30, 900)) if left else None,
                    phone=phone,
                    sort_key=sort_key,
                    # What refresh_derived() computes, from the parts: the name is folded once per distinct name.
                    search_text=f"{folded} {code.lower()} {phone}"[:400],
                )  # fmt: skip


def _create_members(root: _Node, prefix: str, rng: random.Random, progress: Callable[[int], None] | None) -> int:
    today = timezone.localdate()
    batch: list[Member] = []
    created = 0
    for member in _members(root, prefix, rng, today):
        batch.append(member)
        if len(batch) == BATCH_SIZE:
            Member.objects.bulk_create(batch)
            created += len(batch)
            batch = []
            if progress:
                progress(created)
    if batch:
        Member.objects.bulk_create(batch)
        created += len(batch)
    return created


def _create_clusters(root: _Node, rng: random.Random, year: int) -> int:
    """Each upper union groups its grassroots unions into clusters of about ten; the largest one leads."""
    clusters: list[Cluster] = []
    memberships: list[tuple[int, list[_Node]]] = []
    for upper in root.children:
        grassroots = upper.children[:]
        rng.shuffle(grassroots)
        count = max(1, round(len(grassroots) / 10))
        for i in range(count):
            chunk = grassroots[i::count]
            if not chunk:
                continue
            leader = max(chunk, key=_Node.total)
            clusters.append(Cluster(name=f"Cụm thi đua số {i + 1}", kind=ClusterKind.CLUSTER, year=year,
                                    organizer=upper.unit, leader=leader.unit))  # fmt: skip
            memberships.append((len(clusters) - 1, chunk))
    Cluster.objects.bulk_create(clusters, batch_size=BATCH_SIZE)
    through = Cluster.units.through
    links = [
        through(cluster_id=clusters[index].pk, unit_id=node.unit.pk)
        for index, chunk in memberships
        for node in chunk
        if node.unit is not None
    ]
    through.objects.bulk_create(links, batch_size=BATCH_SIZE)
    return len(clusters)


def _create_accounts(root: _Node, prefix: str) -> list[ScaleAccount]:
    """A province officer, an officer of the largest upper union, chairs of the largest and of a middle-sized union."""
    uppers = sorted(root.children, key=_Node.total, reverse=True)
    grassroots = sorted((g for u in root.children for g in u.children), key=_Node.total, reverse=True)
    picks = [
        ("canbo.tinh", Role.OFFICER, root),
        ("canbo.captren", Role.OFFICER, uppers[0]),
        ("chutich.lon", Role.CHAIR, grassroots[0]),
        ("chutich.vua", Role.CHAIR, grassroots[len(grassroots) // 2]),
    ]
    password = make_password(SCALE_PASSWORD)  # hashed once: the hasher is deliberately slow
    accounts = []
    for key, role, node in picks:
        assert node.unit is not None
        user = User.objects.create(username=account_username(prefix, key), password=password,
                                   full_name=f"{Role(role).label} – {node.name}")  # fmt: skip
        RoleGrant.objects.create(user=user, role=role, unit=node.unit)
        accounts.append(ScaleAccount(user.username, role, node.unit.pk, node.name, node.total()))
    return accounts


def generate(
    *,
    members: int,
    seed: int = 2026,
    prefix: str = "SC",
    province: str = "Hải Dương",
    progress: Callable[[int], None] | None = None,
) -> ScaleSummary:
    """Build a province with ``members`` members in one transaction. Refuses a prefix that is already used."""
    started = time.perf_counter()
    if members < MIN_GRASSROOTS_SIZE:
        raise ValidationError(f"--members must be at least {MIN_GRASSROOTS_SIZE}")
    if not PREFIX_RE.match(prefix):
        raise ValidationError("the prefix must be 1–12 upper-case letters or digits")
    if prefix_in_use(prefix):
        raise ValidationError(f"prefix {prefix!r} is already used; pick another one with --prefix")
    rng = random.Random(seed)
    root = plan_tree(members=members, province=province, rng=rng)
    with transaction.atomic():
        _create_units(root)
        created = _create_members(root, prefix, rng, progress)
        clusters = _create_clusters(root, rng, timezone.localdate().year)
        accounts = _create_accounts(root, prefix)
    assert root.unit is not None
    kinds = Counter(node.kind for level in _levels(root) for _, node in level)
    return ScaleSummary(
        root_id=root.unit.pk,
        prefix=prefix,
        units_by_kind=dict(kinds),
        members=created,
        clusters=clusters,
        accounts=accounts,
        seconds=time.perf_counter() - started,
    )
