"""QuickSelect draws the same <select> as Django's Select, option for option."""

import pytest
from django import forms
from django.test.html import parse_html

from renda.core.widgets import QuickSelect, QuickSelectMultiple

CHOICES = [("", "全部"), (1, "市住建局"), (2, "A&B <公司>"), (3, '引号"单位')]


@pytest.mark.parametrize("value", [None, "", 1, "2", 3, 99, "<x>"])
@pytest.mark.parametrize("attrs", [None, {"id": "id_unit", "class": "form-select", "required": True}])
def test_single_select_matches_django(value, attrs):
    ours = QuickSelect(choices=CHOICES).render("unit", value, attrs)
    django = forms.Select(choices=CHOICES).render("unit", value, attrs)
    assert parse_html(ours) == parse_html(django)


@pytest.mark.parametrize("value", [None, [], [1], ["2", 3], [99]])
def test_multiple_select_matches_django(value):
    attrs = {"class": "form-select", "size": 6}
    ours = QuickSelectMultiple(choices=CHOICES).render("units", value, attrs)
    django = forms.SelectMultiple(choices=CHOICES).render("units", value, attrs)
    assert parse_html(ours) == parse_html(django)
    assert "multiple" in ours


def test_labels_are_escaped():
    html = QuickSelect(choices=CHOICES).render("unit", None)
    assert "A&amp;B &lt;公司&gt;" in html
    assert "<公司>" not in html


def test_grouped_choices_fall_back_to_django():
    grouped = [("市级", [(1, "市住建局"), (2, "市交通局")]), ("区级", [(3, "A区住建局")])]
    ours = QuickSelect(choices=grouped).render("unit", 2)
    assert parse_html(ours) == parse_html(forms.Select(choices=grouped).render("unit", 2))
    assert "<optgroup" in ours


def test_model_choice_field_values(db):
    from tests.factories import HandlingUnitFactory

    units = [HandlingUnitFactory(name=f"单位{i}") for i in range(3)]

    class F(forms.Form):
        unit = forms.ModelChoiceField(queryset=type(units[0]).objects.order_by("pk"), widget=QuickSelect)
        many = forms.ModelMultipleChoiceField(
            queryset=type(units[0]).objects.order_by("pk"), widget=QuickSelectMultiple
        )

    form = F(initial={"unit": units[1].pk, "many": [units[0].pk, units[2].pk]})
    html = str(form["unit"])
    assert f'<option value="{units[1].pk}" selected>单位1</option>' in html
    many = str(form["many"])
    assert (
        f'<option value="{units[0].pk}" selected>' in many
        and f'<option value="{units[2].pk}" selected>' in many
    )
    assert f'<option value="{units[1].pk}">' in many
