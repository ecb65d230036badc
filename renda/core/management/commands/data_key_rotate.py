"""`manage.py data_key_rotate`: re-encrypt personal data at rest under the current data key (after a key
rotation, docs/security.md) and recompute the blind indexes. `--check` only counts the values by key id and
exits 1 while any is under another key (for monitoring and for the last step of a rotation)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from renda.core import crypto, keyrotation, services


class Command(BaseCommand):
    help = "Re-encrypt personal data under the current data key (RENDA_DATA_KEY / RENDA_DATA_KEY_ID)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--check", action="store_true", help="only count values by key id; exit 1 if any is old"
        )
        parser.add_argument("--batch", type=int, default=500, help="rows per transaction (default 500)")

    def handle(self, *args: Any, **options: Any) -> None:
        current = crypto.current_key_id()
        if not options["check"]:
            try:
                changed = services.data_key_rotate(actor=None, batch=options["batch"])
            except crypto.DecryptionError as exc:
                raise CommandError(f"cannot read a stored value: {exc}") from exc
            for label, rows in changed.items():
                self.stdout.write(f"{label}: {rows} rows re-encrypted")
        stale = 0
        for label, counts in keyrotation.census().items():
            shown = ", ".join(f"key {k}: {n}" for k, n in sorted(counts.items())) or "no values"
            self.stdout.write(f"{label}: {shown}")
            stale += sum(n for k, n in counts.items() if k != current)
        if stale:
            raise CommandError(f"{stale} values are not under the current key {current}")
        self.stdout.write(self.style.SUCCESS(f"every value is under key {current}"))
