"""The page section every detail page is built of: a Bootstrap card with an h2 heading.

    {% load cards %}
    {% card _("联络站") %} … {% endcard %}
    {% card _("代表联络站") class="h-100" %} … {% endcard %}

``class`` is the card's own classes beside ``card`` (default ``mb-3``).
"""

from __future__ import annotations

from django import template
from django.template.base import FilterExpression, NodeList, Parser, Token
from django.template.context import Context
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


class CardNode(template.Node):
    def __init__(self, nodelist: NodeList, title: FilterExpression, css: FilterExpression | None) -> None:
        self.nodelist = nodelist
        self.title = title
        self.css = css

    def render(self, context: Context) -> SafeString:
        css = self.css.resolve(context) if self.css is not None else "mb-3"
        return format_html(
            '<div class="card {}"><div class="card-body">\n<h2 class="h5 card-title">{}</h2>{}</div></div>',
            css,
            self.title.resolve(context),
            mark_safe(self.nodelist.render(context)),  # the body: template output, escaped as it rendered
        )


@register.tag
def card(parser: Parser, token: Token) -> CardNode:
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("{% card %} takes a title")
    kwargs = template.base.token_kwargs(bits[2:], parser)
    if set(kwargs) - {"class"} or len(bits) - 2 != len(kwargs):
        raise template.TemplateSyntaxError("{% card title [class=…] %}")
    nodelist = parser.parse(("endcard",))
    parser.delete_first_token()
    return CardNode(nodelist, parser.compile_filter(bits[1]), kwargs.get("class"))
