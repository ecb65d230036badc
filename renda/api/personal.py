"""What of a deputy's personal data (ID number, phone) the caller reads in full; the rest is masked.

The rules are renda.deputies.permissions.sees_id_number / sees_phone. sees_phone asks the database once
per deputy for a station keeper (is the deputy on one of the keeper's stations?), which would make a
list's query count grow with its page size; :class:`PersonalDataViewer` answers that one branch from a
set read once per request and hands every other case to the rule itself. test_personal.py checks that
both agree for every role. Masks are the pages' (renda.deputies.privacy); an empty value is null.
"""

from __future__ import annotations

from renda.core.roles import Role, has_role
from renda.deputies.models import Deputy
from renda.deputies.permissions import sees_id_number, sees_phone
from renda.deputies.privacy import mask_id_number, mask_phone


class PersonalDataViewer:
    def __init__(self, user) -> None:
        self.user = user
        self._station_deputy_ids: frozenset[int] | None = None

    def _on_keepers_station(self, deputy: Deputy) -> bool:
        if self._station_deputy_ids is None:
            through = Deputy.stations.through
            self._station_deputy_ids = frozenset(
                through.objects.filter(liaisonstation__keeper=self.user).values_list("deputy_id", flat=True)
            )
        return deputy.pk in self._station_deputy_ids

    def sees_id_number(self, deputy: Deputy) -> bool:
        return sees_id_number(self.user, deputy)

    def sees_phone(self, deputy: Deputy) -> bool:
        user = self.user
        if (
            has_role(user, Role.STATION_KEEPER)
            and not has_role(user, Role.LEADER)
            and not sees_id_number(user, deputy)
        ):
            # The only branch of sees_phone that reads the database.
            return self._on_keepers_station(deputy)
        return sees_phone(user, deputy)

    def id_number(self, deputy: Deputy) -> str | None:
        if self.sees_id_number(deputy):
            return deputy.id_number or None
        return mask_id_number(deputy.id_number) or None

    def phone(self, deputy: Deputy) -> str | None:
        if self.sees_phone(deputy):
            return deputy.phone or None
        return mask_phone(deputy.phone) or None


def viewer_for(request) -> PersonalDataViewer:
    """One viewer per request, so a list reads the keeper's stations once."""
    viewer = getattr(request, "_renda_personal_viewer", None)
    if viewer is None:
        viewer = PersonalDataViewer(request.auth)
        request._renda_personal_viewer = viewer
    return viewer
