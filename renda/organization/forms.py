from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from renda.core.widgets import filter_choice, search_field
from renda.organization.choices import UnitKind


class UnitFilterForm(forms.Form):
    q = search_field(_("名称、简称或代码"))
    kind = filter_choice(_("类别"), UnitKind.choices)
    include_inactive = forms.BooleanField(
        label=_("包括已停用单位"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input", "role": "switch"}),
    )

    def filters(self) -> dict:
        self.is_valid()
        return {k: v for k, v in getattr(self, "cleaned_data", {}).items() if v}
