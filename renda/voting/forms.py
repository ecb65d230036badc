"""Forms of the voting pages: they parse input into the arguments of voting.services, nothing more."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from renda.voting.choices import (
    LIST_KINDS,
    AppointmentActionChoice,
    KeyCustody,
    Nomination,
    PollKind,
    PollMethod,
    PollRound,
    PostKindChoice,
    RatingChoice,
    VoteChoice,
)

BALLOT_CHOICES = [("", _("未填")), *VoteChoice.choices]


def split_names(text: str) -> list[str]:
    """Names written in (另选他人): one per line, or separated by commas / 、."""
    return [n.strip() for n in re.split(r"[\n,，、;；]+", text or "") if n.strip()]


def split_shares(text: str) -> list[str]:
    """Key shares entered at the close: one per line (or separated by spaces, commas, semicolons)."""
    return [t for t in re.split(r"[\s,，;；]+", text or "") if t]


class CloseForm(forms.Form):
    """The close of a poll: in scrutineer custody, the key shares of at least k scrutineers."""

    shares = forms.CharField(
        label=_("监票人密钥份额（每行一份）"),
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "off", "spellcheck": "false"}),
    )


class PollCreateForm(forms.Form):
    item = forms.TypedChoiceField(label=_("议程"), coerce=int)
    kind = forms.ChoiceField(label=_("类别"), choices=PollKind.choices, initial=PollKind.MOTION)
    title = forms.CharField(label=_("表决事项"), max_length=300)
    secret = forms.BooleanField(label=_("无记名投票"), required=False, initial=True)
    method = forms.ChoiceField(label=_("方式"), choices=PollMethod.choices, initial=PollMethod.ELECTRONIC)
    seats = forms.IntegerField(label=_("应选名额"), min_value=1, initial=1)
    post = forms.CharField(label=_("职务"), max_length=100, required=False)
    post_kind = forms.ChoiceField(
        label=_("职务类别"), choices=[("", "—"), *PostKindChoice.choices], required=False
    )
    appointment_action = forms.ChoiceField(
        label=_("任免类别"), choices=[("", "—"), *AppointmentActionChoice.choices], required=False
    )
    preliminary = forms.BooleanField(label=_("预选（候选人多于差额上限时）"), required=False)
    # sealed elections: who holds the private key until the count (docs/voting-secrecy.md)
    key_custody = forms.ChoiceField(
        label=_("私钥保管"), choices=KeyCustody.choices, initial=KeyCustody.SERVER, required=False
    )  # blank: the server's key store (a motion's poll, or a form that does not show the field)
    shares_needed = forms.IntegerField(label=_("开启所需份数"), min_value=2, max_value=20, required=False)
    shares_total = forms.IntegerField(label=_("密钥份数"), min_value=2, max_value=20, required=False)

    CHECKBOXES = ("secret", "preliminary")

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].choices = [(i.pk, str(i)) for i in items]
        for name, field in self.fields.items():
            css = "form-check-input" if name in self.CHECKBOXES else "form-control form-control-sm"
            if isinstance(field, forms.ChoiceField) and name not in self.CHECKBOXES:
                css = "form-select form-select-sm"
            field.widget.attrs["class"] = css
            field.widget.attrs["data-testid"] = f"poll-{name}"

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        return {
            "item_id": d["item"],
            "kind": d["kind"],
            "title": d["title"],
            "secret": d["secret"] or d["kind"] == PollKind.ELECTION,  # elections are always secret
            "method": d["method"],
            "seats": d["seats"] or 1,
            "post": d["post"],
            "post_kind": d["post_kind"],
            "appointment_action": d["appointment_action"],
            "round": PollRound.PRELIMINARY if d["preliminary"] else PollRound.REGULAR,
            "key_custody": d.get("key_custody") or KeyCustody.SERVER,
            "shares_needed": d.get("shares_needed"),
            "shares_total": d.get("shares_total"),
        }


class CandidateForm(forms.Form):
    name = forms.CharField(label=_("姓名"), max_length=50)
    nomination = forms.ChoiceField(label=_("提名方式"), choices=Nomination.choices)
    nominators = forms.CharField(
        label=_("联名提名代表（代表证号，逗号或换行分隔）"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    note = forms.CharField(label=_("简介"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.widget.attrs["class"] = (
                "form-select form-select-sm" if name == "nomination" else "form-control form-control-sm"
            )
            field.widget.attrs["data-testid"] = f"candidate-{name}"

    def card_numbers(self) -> list[str]:
        return split_names(self.cleaned_data.get("nominators", ""))


class PaperIssueForm(forms.Form):
    issued = forms.IntegerField(label=_("发出选票数"), min_value=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issued"].widget.attrs.update({"class": "form-control", "data-testid": "paper-issued"})


class PaperBallotForm(forms.Form):
    """One paper ballot as a clerk reads it: the sheet number and the marks (and names written in)."""

    sheet = forms.IntegerField(label=_("选票编号"), min_value=1)

    def __init__(self, *args, poll, **kwargs):
        super().__init__(*args, **kwargs)
        self.poll = poll
        self.fields["sheet"].widget.attrs.update({"class": "form-control", "data-testid": "paper-sheet"})
        if poll.kind in LIST_KINDS:
            self.candidates = []
            choices = RatingChoice.choices if poll.kind == PollKind.RATING else VoteChoice.choices
            for o in poll.options:
                name = f"opt_{o['key']}"
                self.fields[name] = forms.ChoiceField(
                    label=o["label"], choices=[("", _("未填（弃权）")), *choices], required=False
                )
                self.fields[name].widget.attrs.update(
                    {"class": "form-select", "data-testid": f"paper-opt-{o['key']}"}
                )
        elif poll.kind == PollKind.ELECTION:
            self.candidates = list(poll.candidates.all())
            for c in self.candidates:
                self.fields[f"mark_{c.pk}"] = forms.ChoiceField(
                    label=c.name, choices=BALLOT_CHOICES, required=False
                )
                self.fields[f"mark_{c.pk}"].widget.attrs.update(
                    {"class": "form-select", "data-testid": f"paper-mark-{c.name}"}
                )
            self.fields["write_ins"] = forms.CharField(
                label=_("另选他人（每行一人）"), required=False, widget=forms.Textarea(attrs={"rows": 2})
            )
            self.fields["write_ins"].widget.attrs.update(
                {"class": "form-control", "data-testid": "paper-write-ins"}
            )
        else:
            self.candidates = []
            self.fields["choice"] = forms.ChoiceField(label=_("表决意见"), choices=VoteChoice.choices)
            self.fields["choice"].widget.attrs.update({"class": "form-select", "data-testid": "paper-choice"})

    def payload(self) -> dict:
        d = self.cleaned_data
        if self.poll.kind in LIST_KINDS:
            options = {str(o["key"]): d.get(f"opt_{o['key']}") for o in self.poll.options}
            return {"options": {k: v for k, v in options.items() if v}}
        if self.poll.kind != PollKind.ELECTION:
            return {"choice": d["choice"]}
        marks = {str(c.pk): d[f"mark_{c.pk}"] for c in self.candidates if d.get(f"mark_{c.pk}")}
        return {"marks": marks, "write_ins": split_names(d.get("write_ins", ""))}


def ballot_payload(poll, data) -> dict:
    """The deputy page's ballot from POST data: `choice`, or `mark-<candidate id>` and `write_in` fields, or
    (a list ballot) `opt-<item key>` per item."""
    if poll.kind in LIST_KINDS:
        options = {}
        for o in poll.options:
            value = data.get(f"opt-{o['key']}", "")
            if value:
                options[str(o["key"])] = value
        return {"options": options}
    if poll.kind != PollKind.ELECTION:
        return {"choice": data.get("choice", "")}
    marks = {}
    for c in poll.candidates.all():
        value = data.get(f"mark-{c.pk}", "")
        if value:
            marks[str(c.pk)] = value
    write_ins = [w.strip() for w in data.getlist("write_in") if w.strip()]
    return {"marks": marks, "write_ins": write_ins}
