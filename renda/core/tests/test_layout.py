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


def test_every_page_names_its_icon_so_no_browser_asks_for_favicon_ico(client, db):
    """The site's icon is a static SVG named in the page head; without it each page view cost a 404."""
    from django.contrib.staticfiles import finders

    html = client.get("/").content.decode()
    assert '<link rel="icon" href="/static/renda/favicon.svg" type="image/svg+xml">' in html
    assert finders.find("renda/favicon.svg")


def test_the_menu_groups_entries_and_draws_a_group_of_one_as_its_entry():
    from renda.core.context_processors import GROUPS, NAV, menu

    def entry(label, group, count=None):
        return {"url": f"/{label}/", "label": label, "count": count, "group": group}

    arranged = menu([entry("a", "deputies"), entry("b", "deputies"), entry("m", ""), entry("t", "analysis")])
    assert [e["label"] for e in arranged] == [str(GROUPS[0][1]), "m", "t"]
    assert [c["label"] for c in arranged[0]["children"]] == ["a", "b"]
    assert "children" not in arranged[2]  # the only analysis entry this user sees: a plain link
    groups = {key for key, _label in GROUPS}
    assert all(group in groups for *_rest, group in NAV)  # every entry has a place in the menu
