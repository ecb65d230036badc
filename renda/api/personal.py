"""What of a deputy's personal data (ID number, phone) the caller reads in full; the rest is masked.

The rules are renda.deputies.permissions.PersonalDataViewer (one read of a keeper's stations per request);
the masks are the pages' (renda.deputies.privacy); an empty value is null.
"""

from __future__ import annotations

from renda.deputies.models import Deputy
from renda.deputies.permissions import PersonalDataViewer
from renda.deputies.privacy import mask_id_number, mask_phone


class ApiPersonalData(PersonalDataViewer):
    """The rules' viewer (renda.deputies.permissions), with the API's rendering: masked, empty → null."""

    def id_number(self, deputy: Deputy) -> str | None:
        if self.sees_id_number(deputy):
            return deputy.id_number or None
        return mask_id_number(deputy.id_number) or None

    def phone(self, deputy: Deputy) -> str | None:
        if self.sees_phone(deputy):
            return deputy.phone or None
        return mask_phone(deputy.phone) or None


def viewer_for(request) -> ApiPersonalData:
    """One viewer per request, so a list reads the keeper's stations once."""
    viewer = getattr(request, "_renda_personal_viewer", None)
    if viewer is None:
        viewer = ApiPersonalData(request.auth)
        request._renda_personal_viewer = viewer
    return viewer
