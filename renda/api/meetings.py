"""API endpoints of the meetings app (filled in by its work)."""

from ninja import Router

router = Router(tags=["meetings"])
