from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from tree_queries.fields import TreeNodeForeignKey
from tree_queries.models import TreeNode
from tree_queries.query import TreeQuerySet

from thidua.core.models import ScopedQuerySet, TimeStampedModel
from thidua.organizations.choices import UNIT_LEVELS, ClusterKind, UnitKind


class UnitQuerySet(ScopedQuerySet, TreeQuerySet):
    unit_path_lookup = "path"

    def own_q(self, scope, action):
        # A member sees the unit they belong to.
        if action != "view" or not scope.member_ids:
            return None
        # A subquery, not a join: joining members would repeat the unit once per member.
        return Q(pk__in=Unit.objects.filter(members__pk__in=scope.member_ids).values("pk"))

    def subtree(self, unit: "Unit") -> "UnitQuerySet":
        return self.filter(path__startswith=unit.path)

    def open(self) -> "UnitQuerySet":
        return self.filter(closed_on__isnull=True)


class Unit(TreeNode, TimeStampedModel):
    """A node of the union organisation tree (or the state agency a union belongs to).

    ``path`` is the chain of ids from the root ("/1/5/12/"), kept by the services that create and move units; it
    makes "this unit and everything below it" one indexed prefix comparison.
    """

    parent = TreeNodeForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("đơn vị cấp trên"),
    )
    name = models.CharField(_("tên đơn vị"), max_length=255)
    short_name = models.CharField(
        _("tên viết tắt"), max_length=40, blank=True, help_text=_("Dùng trong số ký hiệu văn bản, ví dụ CĐSTNMT.")
    )
    kind = models.CharField(_("loại"), max_length=20, choices=UnitKind.choices)
    path = models.CharField(_("đường dẫn cây"), max_length=255, db_index=True, editable=False, default="")
    agency = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="unions",
        limit_choices_to={"kind": UnitKind.AGENCY},
        verbose_name=_("cơ quan, đơn vị"),
        help_text=_("Cơ quan nhà nước nơi công đoàn này được thành lập."),
    )
    closed_on = models.DateField(_("ngày giải thể / sáp nhập"), null=True, blank=True)
    closed_reason = models.CharField(_("lý do"), max_length=255, blank=True)

    objects = UnitQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["path"])

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        ordering = ["name"]
        indexes = [models.Index(fields=["kind"], name="unit_kind_idx")]

    def __str__(self) -> str:
        return self.name

    @property
    def level(self) -> int | None:
        return UNIT_LEVELS.get(self.kind)

    @property
    def is_open(self) -> bool:
        return self.closed_on is None

    @property
    def depth(self) -> int:
        return self.path.count("/") - 2


class ClusterQuerySet(ScopedQuerySet):
    unit_path_lookup = "organizer__path"

    def visible_to(self, user, action: str = "view") -> "ClusterQuerySet":
        """The organiser's officers manage a cluster; its member units' officers may also read it."""
        qs = super().visible_to(user, action)
        if action != "view":
            return qs
        from thidua.core.scope import get_scope

        scope = get_scope(user)
        if scope.is_superuser:
            return qs
        ids = self.filter(scope.path_q(action, "units__path")).values("pk")
        return self.filter(models.Q(pk__in=qs.values("pk")) | models.Q(pk__in=ids))


class Cluster(TimeStampedModel):
    """An emulation cluster or block (cụm/khối thi đua): peer units that compete and rank for a year."""

    name = models.CharField(_("tên cụm/khối"), max_length=255)
    kind = models.CharField(_("loại"), max_length=10, choices=ClusterKind.choices, default=ClusterKind.CLUSTER)
    year = models.PositiveSmallIntegerField(_("năm"))
    organizer = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="organized_clusters",
        verbose_name=_("đơn vị tổ chức"),
        help_text=_("Cấp công đoàn lập cụm/khối và chấm điểm, xếp hạng."),
    )
    units = models.ManyToManyField(Unit, related_name="clusters", verbose_name=_("đơn vị thành viên"), blank=True)
    leader = models.ForeignKey(
        Unit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_clusters",
        verbose_name=_("cụm trưởng / khối trưởng"),
    )

    objects = ClusterQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[units])

    class Meta:
        verbose_name = _("cụm, khối thi đua")
        verbose_name_plural = _("cụm, khối thi đua")
        ordering = ["-year", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organizer", "year", "name"], name="cluster_unique_name_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.year})"


class TermQuerySet(ScopedQuerySet):
    unit_path_lookup = "unit__path"


class Term(TimeStampedModel):
    """A term of office (nhiệm kỳ) of a unit's executive committee, usually five years."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="terms", verbose_name=_("đơn vị"))
    name = models.CharField(_("nhiệm kỳ"), max_length=50, help_text=_("Ví dụ 2023 - 2028"))
    starts_on = models.DateField(_("từ ngày"))
    ends_on = models.DateField(_("đến ngày"))

    objects = TermQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("nhiệm kỳ")
        verbose_name_plural = _("nhiệm kỳ")
        ordering = ["unit", "-starts_on"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gt=models.F("starts_on")), name="term_dates_in_order"),
            models.UniqueConstraint(fields=["unit", "name"], name="term_unique_name"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} – {self.name}"


class NumberSeries(models.Model):
    """The last number given to an issuing unit's documents of one series in one year (số văn bản, NĐ 30/2020: numbers
    restart at 01 on 1 January). A series is a document-type abbreviation (``QĐ``, ``KH``, ``TTr`` …); the numbers of
    a series are handed out by ``thidua.organizations.numbering.next_number``, never computed by callers."""

    issuer = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="number_series",
                               verbose_name=_("đơn vị ban hành"))  # fmt: skip
    year = models.PositiveIntegerField(_("năm"))
    series = models.CharField(_("loại văn bản"), max_length=20)
    last = models.PositiveIntegerField(_("số cuối đã cấp"), default=0)

    class Meta:
        verbose_name = _("sổ đăng ký số văn bản")
        verbose_name_plural = _("sổ đăng ký số văn bản")
        constraints = [models.UniqueConstraint(fields=["issuer", "year", "series"], name="number_series_unique")]

    def __str__(self) -> str:
        return f"{self.issuer_id} {self.series} {self.year}: {self.last}"
