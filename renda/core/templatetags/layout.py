"""The blocks every page is laid out with.

    {% load layout %}
    {% page_header _("代表名册") %} …its buttons… {% endpage_header %}
    {% card _("联络站") %} … {% endcard %}
    {% card _("代表联络站") class="h-100" %} … {% endcard %}

``page_header``: the page's h1 with its buttons or badges beside it (``testid=`` marks the h1).
``card``: a titled section; ``class`` is the card's own classes beside ``card`` (default ``mb-3``).
"""

from __future__ import annotations

from django import template
from django.template.base import FilterExpression, NodeList, Parser, Token
from django.template.context import Context
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

CARD = (
    '<div class="card {class}"><div class="card-body">\n'
    '<h2 class="h5 card-title">{title}</h2>{body}</div></div>'
)
PAGE_HEADER = (
    '<div class="d-flex flex-wrap align-items-center gap-2 mb-3">\n'
    '<h1 class="h3 mb-0 me-auto"{testid}>{title}</h1>{body}</div>'
)


class BlockNode(template.Node):
    """A block drawn as `html` around its body, given a title and keyword options."""

    def __init__(
        self, html: str, nodelist: NodeList, title: FilterExpression, options: dict[str, FilterExpression]
    ) -> None:
        self.html, self.nodelist, self.title, self.options = html, nodelist, title, options

    def render(self, context: Context) -> SafeString:
        options = {name: value.resolve(context) for name, value in self.options.items()}
        testid = options.get("testid")
        return format_html(
            self.html,
            title=self.title.resolve(context),
            body=mark_safe(self.nodelist.render(context)),  # template output, escaped as it rendered
            testid=format_html(' data-testid="{}"', testid) if testid else "",
            **{"class": options.get("class", "mb-3")},
        )


def _block(parser: Parser, token: Token, html: str, allowed: set[str]) -> BlockNode:
    bits = token.split_contents()
    name = bits[0]
    options = template.base.token_kwargs(bits[2:], parser) if len(bits) > 2 else {}
    if len(bits) < 2 or set(options) - allowed or len(bits) - 2 != len(options):
        raise template.TemplateSyntaxError(f"{{% {name} title {' '.join(f'[{a}=…]' for a in allowed)} %}}")
    nodelist = parser.parse((f"end{name}",))
    parser.delete_first_token()
    return BlockNode(html, nodelist, parser.compile_filter(bits[1]), options)


@register.tag
def card(parser: Parser, token: Token) -> BlockNode:
    return _block(parser, token, CARD, {"class"})


@register.tag
def page_header(parser: Parser, token: Token) -> BlockNode:
    return _block(parser, token, PAGE_HEADER, {"testid"})
