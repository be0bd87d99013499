from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from thidua.core.roles import Role
from thidua.demo import scale
from thidua.organizations.choices import UnitKind


class Command(BaseCommand):
    help = (
        "Generate a province-scale organisation tree with N synthetic members for benchmarks (bulk inserts; "
        "synthetic data has no audit trail). Run it again with another --prefix to add another province."
    )

    def add_arguments(self, parser):
        parser.add_argument("--members", type=int, required=True, help="number of members to create")
        parser.add_argument("--seed", type=int, default=2026, help="random seed (same seed, same province)")
        parser.add_argument("--prefix", default="SC", help="member code prefix, upper-case letters/digits (SC)")
        parser.add_argument("--province-name", default="Hải Dương", help="the province's name")

    def handle(self, *args, **options):
        def progress(done: int) -> None:
            if done % 50_000 == 0:
                self.stdout.write(f"  {done:,} đoàn viên…")

        try:
            summary = scale.generate(
                members=options["members"],
                seed=options["seed"],
                prefix=options["prefix"],
                province=options["province_name"],
                progress=progress if options["verbosity"] >= 1 else None,
            )
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        self.stdout.write(self.style.SUCCESS(f"Đã tạo dữ liệu quy mô tỉnh trong {summary.seconds:.1f} giây."))
        for kind in UnitKind:
            if summary.units_by_kind.get(kind):
                self.stdout.write(f"  {kind.label:<42} {summary.units_by_kind[kind]:>9,}")
        self.stdout.write(f"  {'Tổng số đơn vị':<42} {summary.units:>9,}")
        self.stdout.write(f"  {'Đoàn viên':<42} {summary.members:>9,}")
        self.stdout.write(f"  {'Cụm thi đua':<42} {summary.clusters:>9,}")
        self.stdout.write(f"Tài khoản (mật khẩu: {scale.SCALE_PASSWORD}):")
        for account in summary.accounts:
            self.stdout.write(
                f"  {account.username:<22} {Role(account.role).label:<28} {account.unit_name}"
                f" ({account.subtree_members:,} đoàn viên)"
            )
