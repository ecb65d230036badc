"""`manage.py demo_totp USERNAME`: the current two-factor code of a demo login (staff, unitleader, auditor,
admin), for a tester without an authenticator app. It answers only for a device that has the demo's own
secret (renda.demo.logins.demo_totp_key): never for a real user's device."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice

from renda.demo.logins import demo_totp_code, demo_totp_key


class Command(BaseCommand):
    help = "Print the current two-factor code of a demo login (demo devices only)."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username: str, **options):
        key = demo_totp_key(username)
        device = TOTPDevice.objects.filter(user__username=username, confirmed=True, key=key).first()
        if device is None:
            raise CommandError(f"{username}: no demo authenticator (only the demo's own logins have one)")
        # a code is accepted once: when this step's code was used, the next step's (accepted too) is printed,
        # and when that one was used too, the clock is waited for
        while True:
            device.refresh_from_db()
            now_t = int((time.time() - device.t0) // device.step) + device.drift
            use_t = max(now_t, device.last_t + 1)
            if use_t <= now_t + device.tolerance:
                break
            time.sleep(1)
        self.stdout.write(demo_totp_code(key, drift=use_t - now_t + device.drift))
