from django.core.management.base import BaseCommand

from thidua.initiatives.similarity import store


class Command(BaseCommand):
    help = (
        "Build (or rebuild) the similarity index of submitted initiatives. Initiatives submitted or changed after "
        "the build are searched from memory until the next build; run it e.g. nightly on a large database."
    )

    def handle(self, *args, **options):
        def progress(done: int) -> None:
            if done % 50_000 == 0:
                self.stderr.write(f"  {done:,} initiatives…")

        report = store.build_index(progress=progress)
        store.reset()
        self.stdout.write(self.style.SUCCESS(
            f"Đã lập chỉ mục {report.documents:,} sáng kiến trong {report.seconds:.1f} giây ({report.folder})."
        ))  # fmt: skip
