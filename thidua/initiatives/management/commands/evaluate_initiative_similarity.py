from django.core.management.base import BaseCommand

from thidua.initiatives.similarity import evaluation
from thidua.initiatives.similarity.thresholds import DUPLICATE_THRESHOLD


class Command(BaseCommand):
    help = ("Measure the duplicate check's precision and recall on a synthetic set of Vietnamese initiatives with "
            "planted near-duplicates (no database needed).")  # fmt: skip

    def add_arguments(self, parser):
        parser.add_argument("--distinct", type=int, default=220)
        parser.add_argument("--duplicates", type=int, default=80)
        parser.add_argument("--seed", type=int, default=2, help="1 is the development set the threshold was chosen on")
        parser.add_argument("--threshold", type=float, default=DUPLICATE_THRESHOLD)
        parser.add_argument("--mode", choices=["memory", "index", "both"], default="both")

    def handle(self, *args, **options):
        modes = ("memory", "index") if options["mode"] == "both" else (options["mode"],)
        results = evaluation.run(distinct=options["distinct"], duplicates=options["duplicates"], seed=options["seed"],
                                 threshold=options["threshold"], modes=modes)  # fmt: skip
        for result in results:
            self.stdout.write(result.line())
