from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from renda.organization.choices import UnitKind


class UnitFilterForm(forms.Form):
    q = forms.CharField(
        label=_("搜索"),
        required=False,
        widget=forms.TextInput(
            attrs={
                "class": "form-control form-control-sm",
                "type": "search",
                "placeholder": _("名称、简称或代码"),
            }
        ),
    )
    kind = forms.ChoiceField(
        label=_("类别"),
        required=False,
        choices=[("", _("全部")), *UnitKind.choices],
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    include_inactive = forms.BooleanField(
        label=_("包括已停用单位"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input", "role": "switch"}),
    )

    def filters(self) -> dict:
        self.is_valid()
        return {k: v for k, v in getattr(self, "cleaned_data", {}).items() if v}
