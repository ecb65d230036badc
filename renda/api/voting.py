"""API endpoints of the voting app (filled in by its work)."""

from ninja import Router

router = Router(tags=["voting"])
