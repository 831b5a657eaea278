"""``hoptac two_factor_code <username>``: the current code of a person's authenticator — development only.

For the demo: party roles must log in with a second factor, and a newcomer trying the demo may not want to set up
an authenticator app. Refused outside DEBUG, where reading a code from the server would defeat the second factor.
"""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from hoptac.accounts import totp
from hoptac.accounts.models import TwoFactorDevice


class Command(BaseCommand):
    help = "In mã xác thực hai lớp hiện tại của một tài khoản (chỉ khi chạy thử nghiệm, DEBUG bật)."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username: str, **options):
        if not settings.DEBUG:
            raise CommandError(
                "Chỉ dùng khi chạy thử nghiệm (DEBUG bật): trên máy chủ thật lệnh này bị từ chối."
            )
        device = TwoFactorDevice.objects.filter(user__username=username, confirmed_at__isnull=False).first()
        if device is None:
            raise CommandError(f"Tài khoản {username!r} chưa bật xác thực hai lớp.")
        self.stdout.write(totp.totp(bytes(device.secret)))
