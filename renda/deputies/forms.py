"""Forms of the deputy pages: they parse input; the rules live in services.py and workflow.py."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from renda.core.widgets import ALL, DatePicker, filter_choice, search_field, small_select
from renda.deputies import selectors, workflow
from renda.deputies.choices import (
    ETHNICITIES,
    CongressLevelHeld,
    DeputyStatus,
    Gender,
    Occupation,
    Party,
    TerminationReason,
)
from renda.deputies.models import Deputy
from renda.organization.models import Delegation


class DeputyFilterForm(forms.Form):
    """The roster's filters; field names are selectors.FILTERS (shared with the xlsx export and the API)."""

    q = search_field(_("姓名、代表证号或单位"))
    delegation = filter_choice(_("代表团"))
    status = filter_choice(_("状态"), DeputyStatus.choices)
    gender = filter_choice(_("性别"), Gender.choices)
    party = filter_choice(_("党派"), Party.choices)
    occupation = filter_choice(_("职业构成"), Occupation.choices)
    station = filter_choice(_("联络站"))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["delegation"].choices = [*ALL, *selectors.delegation_choices()]
        self.fields["station"].choices = [*ALL, *selectors.station_choices(user)]

    def filters(self) -> dict[str, str]:
        """The valid, non-empty filters (an invalid one is ignored rather than emptying the list)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {k: v for k, v in data.items() if k in selectors.FILTERS and v not in (None, "")}


class StatusChangeForm(forms.Form):
    to_status = forms.ChoiceField(label=_("新状态"), widget=small_select())
    effective_date = forms.DateField(
        label=_("生效日期"),
        widget=DatePicker(attrs={"class": "form-control form-control-sm"}),
    )
    reason = forms.ChoiceField(
        label=_("原因"),
        required=False,
        choices=[("", _("（资格终止时必选）")), *TerminationReason.choices],
        widget=small_select(),
    )
    note = forms.CharField(
        label=_("说明"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control form-control-sm"}),
    )

    def __init__(self, *args, deputy: Deputy, **kwargs):
        super().__init__(*args, **kwargs)
        targets = workflow.allowed_targets(deputy.status)
        # Every status validates here, so that a refused move reaches the service, which says why; the
        # widget offers only what the transition table allows (the UI never offers what would be refused).
        field = self.fields["to_status"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = DeputyStatus.choices
        field.widget.choices = [(v, lbl) for v, lbl in DeputyStatus.choices if v in targets]


class DeputyEditForm(forms.Form):
    name = forms.CharField(label=_("姓名"), max_length=50)
    gender = forms.ChoiceField(label=_("性别"), choices=Gender.choices)
    ethnicity = forms.ChoiceField(label=_("民族"), choices=[(e, e) for e in ETHNICITIES])
    birth_date = forms.DateField(label=_("出生日期"), widget=DatePicker())
    id_number = forms.CharField(label=_("公民身份号码"), max_length=18)
    party = forms.ChoiceField(label=_("党派"), choices=Party.choices)
    occupation = forms.ChoiceField(label=_("职业构成"), choices=Occupation.choices)
    workplace = forms.CharField(label=_("工作单位及职务"), max_length=200)
    delegation = forms.ModelChoiceField(label=_("代表团"), queryset=Delegation.objects.none())
    card_number = forms.CharField(label=_("代表证号"), max_length=32)
    phone = forms.CharField(label=_("手机号"), max_length=20, required=False)
    congress_levels = forms.MultipleChoiceField(
        label=_("代表层级"),
        choices=CongressLevelHeld.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, deputy: Deputy, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                **{name: getattr(deputy, name) for name in self.base_fields if name != "delegation"},
                "delegation": deputy.delegation_id,
            },
        )
        super().__init__(*args, **kwargs)
        delegation = self.fields["delegation"]
        assert isinstance(delegation, forms.ModelChoiceField)
        delegation.queryset = Delegation.objects.filter(term_id=deputy.term_id)
        for name, field in self.fields.items():
            if name == "congress_levels":
                continue
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", f"{css} form-control-sm" if css == "form-control" else css)
