"""Rebuild the shipped Word templates (thidua/documents/layout/*.docx) from the layout builder."""

from django.core.management.base import BaseCommand

from thidua.documents.layout.builder import build_all


class Command(BaseCommand):
    help = "Tạo lại các mẫu văn bản Word kèm theo hệ thống (thidua/documents/layout/*.docx)."

    def handle(self, *args, **options):
        for path in build_all():
            self.stdout.write(str(path))
