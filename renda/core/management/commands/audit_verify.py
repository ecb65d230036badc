"""`manage.py audit_verify`: seal any Events left unsealed, recompute the audit trail's SM3 chain and name the
first broken link. Exits 1 when the chain is broken (for cron and monitoring)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from renda.core import auditchain


class Command(BaseCommand):
    help = "Verify the audit trail's SM3 hash chain (and seal pending events first)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--no-seal", action="store_true", help="do not seal pending events first")

    def handle(self, *args: Any, **options: Any) -> None:
        verdict = auditchain.verify(seal_first=not options["no_seal"])
        self.stdout.write(
            f"sealed now: {verdict.sealed_now}; checked: {verdict.checked}; unsealed: {verdict.unsealed}"
        )
        if not verdict.ok:
            raise CommandError(f"audit chain broken at link {verdict.broken_seq}: {verdict.reason}")
        self.stdout.write(self.style.SUCCESS("audit chain intact"))
