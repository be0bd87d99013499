"""Regenerate docs/examples/<kind>.png: page 1 of every document kind, rendered from demo-like data (made inside a
transaction that is rolled back, so the database is left as it was) through LibreOffice and pdftoppm."""

import subprocess
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from thidua.documents import engine, produce

OUT = Path(settings.BASE_DIR) / "docs" / "examples"


class _Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Tạo lại ảnh minh họa trang 1 của từng loại văn bản (docs/examples/*.png)."

    def add_arguments(self, parser):
        parser.add_argument("--dpi", type=int, default=60)

    def handle(self, *args, dpi: int, **options):
        from thidua.core.testing import make_personas
        from thidua.documents.tests import factories as f

        OUT.mkdir(parents=True, exist_ok=True)
        try:
            with transaction.atomic():
                p = make_personas()
                m = f.movement(p)
                s = f.session(p)
                dec = f.decision(p, awardees=25)
                targets = {
                    "plan": (produce.Target(m, m.unit), {}),
                    "report": (produce.Target(f.final_phase(m), m.unit), {}),
                    "memo": (produce.Target(s.items.first().item.proposal, p.grassroots), {}),
                    "decision": (produce.Target(dec, dec.issuer), {}),
                    "minutes": (produce.Target(s, s.unit), {}),
                    "certificate": (produce.Target(dec, dec.issuer), {"awardee": 1}),
                }
                docs = {kind: produce.render(kind, t, **kw)[0] for kind, (t, kw) in targets.items()}
                pdfs = engine.to_pdf(list(docs.values()))
                raise _Rollback(dict(zip(docs, pdfs, strict=True)))
        except _Rollback as done:
            pdfs_by_kind = done.args[0]
        with tempfile.TemporaryDirectory() as tmp:
            for kind, pdf in pdfs_by_kind.items():
                source = Path(tmp) / f"{kind}.pdf"
                source.write_bytes(pdf)
                subprocess.run(["pdftoppm", "-r", str(dpi), "-f", "1", "-l", "1", "-png", "-singlefile",  # noqa: S603,S607
                                str(source), str(OUT / kind)], check=True)  # fmt: skip
                self.stdout.write(str(OUT / f"{kind}.png"))
