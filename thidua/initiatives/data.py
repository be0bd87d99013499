"""Union practice for initiatives, kept as data: the council's default scoring criteria, the order of recognition
scopes, which level may recognise at which scope, and the rule-pack keys of the recognition rule.

None of this is a legal number written in a law or decree that this project has verified. The council's criteria are
the ones union councils commonly print on their score sheets (novelty, applicability, effectiveness, presentation);
each council may set its own when it is created. The recognition thresholds are read from the rule pack in force
(``thidua.rules``) under the keys below; the fallbacks apply only when the pack has no such key.
"""

from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from thidua.initiatives.choices import RecognitionScope


@dataclass(frozen=True)
class Criterion:
    key: str
    label: object  # a lazy translation
    max_points: int


DEFAULT_CRITERIA: tuple[Criterion, ...] = (
    Criterion("novelty", _("Tính mới, sáng tạo"), 30),
    Criterion("applicability", _("Khả năng áp dụng, nhân rộng"), 30),
    Criterion("effectiveness", _("Hiệu quả kinh tế - xã hội"), 30),
    Criterion("presentation", _("Trình bày, thuyết minh"), 10),
)


def default_criteria() -> list[dict]:
    """The default criteria as stored on a council (JSON, labels in Vietnamese): [{"key", "label", "max_points"}…]."""
    with translation.override("vi"):
        return [{"key": c.key, "label": str(c.label), "max_points": c.max_points} for c in DEFAULT_CRITERIA]


# Lowest first. "province" is accepted as another name of "province_sector" (the rule packs' title conditions use it).
SCOPE_RANK: dict[str, int] = {
    RecognitionScope.GRASSROOTS: 1,
    RecognitionScope.PROVINCE_SECTOR: 2,
    "province": 2,
    RecognitionScope.NATIONAL: 3,
}


def scope_rank(scope: str | None) -> int:
    return SCOPE_RANK.get(scope or "", 0)


# The widest scope a unit of each union level may recognise (1 = Tổng Liên đoàn … 6 = tổ công đoàn). A grassroots
# council recognises within its agency; a provincial federation or sector union at province/sector level; the
# federation nationwide. Union practice, see DOMAIN §4 (titles need an initiative of the matching scope).
MAX_SCOPE_BY_LEVEL: dict[int, str] = {
    1: RecognitionScope.NATIONAL,
    2: RecognitionScope.PROVINCE_SECTOR,
    3: RecognitionScope.GRASSROOTS,
    4: RecognitionScope.GRASSROOTS,
    5: RecognitionScope.GRASSROOTS,
    6: RecognitionScope.GRASSROOTS,
}


# Recognition by a council: more than this share of its members must have scored the initiative, and the average
# total must reach this share of the maximum points. Both are rule-pack values (thidua/rules/packs), with citations.
QUORUM_SHARE_KEY = "initiative.council_quorum_share"
MIN_SCORE_SHARE_KEY = "initiative.recognition_min_score_share"

# Attachments (proof, descriptions, photos). The size limit is settings.THIDUA_INITIATIVE_ATTACHMENT_MAX_BYTES.
ATTACHMENT_TYPES: dict[str, tuple[str, tuple[bytes, ...]]] = {
    # extension: (content type, accepted leading bytes)
    ".pdf": ("application/pdf", (b"%PDF",)),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (b"PK\x03\x04",)),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (b"PK\x03\x04",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
}
DEFAULT_ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
MAX_ATTACHMENTS = 10
