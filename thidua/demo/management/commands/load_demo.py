from django.core.management.base import BaseCommand

from thidua.core.roles import Role
from thidua.demo import data


class Command(BaseCommand):
    help = "Load the demo data from the seed articles once (re-running changes nothing) and print the demo accounts."

    def handle(self, *args, **options):
        if data.is_loaded():
            self.stdout.write("Dữ liệu mẫu đã có sẵn; không tạo lại.")
        else:
            data.load()
            self.stdout.write(self.style.SUCCESS("Đã tạo dữ liệu mẫu từ các bài viết nguồn."))
        self.stdout.write("")
        self.stdout.write(f"Tài khoản mẫu (mật khẩu chung: {data.DEMO_PASSWORD}):")
        for account in data.accounts():
            role = Role(account.role).label
            self.stdout.write(f"  {account.username:<16} {role:<32} {account.unit}")
        self.stdout.write("")
