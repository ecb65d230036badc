"""`manage.py seed_demo [--seed S]`: build the demo city (江临市人民代表大会) and print the demo logins."""

from django.core.management.base import BaseCommand

from renda.accounts.rules import twofa_required
from renda.demo.builder import seed_demo
from renda.demo.logins import demo_totp_secret
from renda.demo.names import DEFAULT_SEED, DEMO_LOGINS


class Command(BaseCommand):
    help = "Build the demo city congress (江临市人民代表大会) and one login per role."

    def add_arguments(self, parser):
        parser.add_argument(
            "--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})"
        )

    def handle(self, *args, seed: int, **options):
        result = seed_demo(seed=seed)
        if result.changed:
            made = ", ".join(f"{k} {v}" for k, v in result.created.items() if v)
            self.stdout.write(self.style.SUCCESS(f"Demo data written (seed {seed}): {made}"))
        else:
            self.stdout.write("Demo data already present: nothing to do.")
        rows = [("username", "password", "role", "account"), *result.logins]
        widths = [max(_width(str(row[i])) for row in rows) for i in range(4)]
        rule = "+".join("-" * (w + 2) for w in widths)
        self.stdout.write(f"+{rule}+")
        for n, row in enumerate(rows):
            cells = " | ".join(_pad(str(cell), widths[i]) for i, cell in enumerate(row))
            self.stdout.write(f"| {cells} |")
            if n == 0:
                self.stdout.write(f"+{rule}+")
        self.stdout.write(f"+{rule}+")
        required = [u for u, roles, _label in DEMO_LOGINS if twofa_required(roles)]
        self.stdout.write(
            f"Two-factor sign-in (demo only): {', '.join(required)} enter a code after the password. Add the"
            " secret to any TOTP authenticator app, or print the current code with"
            " `.venv/bin/python manage.py demo_totp USERNAME`:"
        )
        for username in required:
            self.stdout.write(f"  {username}: {demo_totp_secret(username)}")


def _width(text: str) -> int:
    """Display width in a terminal: CJK characters take two columns."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))
