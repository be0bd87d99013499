from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "thidua.accounts"
    label = "accounts"
    verbose_name = "Tài khoản"
