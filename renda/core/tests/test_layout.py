import pytest
from django.template import Context, Template, TemplateSyntaxError


def render(source: str, **context) -> str:
    return Template("{% load layout %}" + source).render(Context(context))


def test_card_draws_a_titled_section_with_its_classes():
    html = render('{% card title class="h-100" %}<p>{{ body }}</p>{% endcard %}', title="<联络站>", body="x")
    assert html.startswith('<div class="card h-100"><div class="card-body">')
    assert '<h2 class="h5 card-title">&lt;联络站&gt;</h2><p>x</p></div></div>' in html
    assert render('{% card "t" %}{% endcard %}').startswith('<div class="card mb-3">')


def test_page_header_draws_the_h1_and_what_stands_beside_it():
    html = render('{% page_header "代表名册" testid="name" %}<a>b</a>{% endpage_header %}')
    assert '<h1 class="h3 mb-0 me-auto" data-testid="name">代表名册</h1><a>b</a></div>' in html
    assert '<h1 class="h3 mb-0 me-auto">t</h1>' in render('{% page_header "t" %}{% endpage_header %}')


@pytest.mark.parametrize(
    "source",
    [
        "{% card %}{% endcard %}",
        '{% card "t" style="x" %}{% endcard %}',
        '{% page_header "t" class="x" %}{% endpage_header %}',
    ],
)
def test_a_wrong_option_is_a_syntax_error(source):
    with pytest.raises(TemplateSyntaxError):
        render(source)
