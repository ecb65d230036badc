from django import template

from renda.targets import rules
from renda.targets.documents import ITEM_LABELS
from renda.targets.permissions import LIGHT_LABELS

register = template.Library()


@register.filter
def light_label(light: str) -> str:
    return str(LIGHT_LABELS.get(rules.Light(light), light))


@register.filter
def item_label(item: str) -> str:
    return str(ITEM_LABELS.get(item, item))
