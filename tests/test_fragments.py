"""bantin.build.fragments: parts rendered once per build, their links filled for each page."""
import jinja2
from jinja2 import pass_context

from bantin.build import fragments
from bantin.common import urls

TEMPLATES = {
    "menu.html": '<nav>{% for text, url in links %}<a href="{{ url | url }}"'
                 '{% if url == current %} aria-current="page"{% endif %}>{{ text }}</a>{% endfor %}</nav>',
    "card.html": '<h{{ level }}><a href="{{ card.url | url }}">{{ card.title }}</a></h{{ level }}>',
}
LINKS = [("Trang chủ", ""), ("Tin tức", "tin-tuc/"), ("Hỏi & đáp", "hoi-dap/?a=1&b=2")]


def environment(made_calls):
    env = jinja2.Environment(loader=jinja2.DictLoader(TEMPLATES), autoescape=True)
    found = fragments.Fragments(env)

    @pass_context
    def url(context, value):
        hole = found.hole(str(value))
        if hole is not None:
            made_calls.append(value)
            return hole
        return urls.relative(str(value), context["page_url"])

    env.filters["url"] = url
    env.globals["links"] = LINKS
    return env, found


def direct(env, name, page_url, **values):
    """The template rendered on the page itself, as without fragments."""
    return env.get_template(name).render(page_url=page_url, **values)


def test_a_fragment_is_the_bytes_of_the_template_rendered_on_each_page():
    recorded = []
    env, found = environment(recorded)
    for page_url in ["", "tin-tuc/", "tin-tuc/ban-tin-so-1/", "hoi-dap/"]:
        for current in [None, "tin-tuc/"]:
            filled = found.render(lambda target, page_url=page_url: urls.relative(target, page_url), "menu.html",
                                  current=current)
            assert str(filled) == direct(env, "menu.html", page_url, current=current)
    assert direct(env, "menu.html", "tin-tuc/ban-tin-so-1/", current=None) == (
        '<nav><a href="../..">Trang chủ</a><a href="../">Tin tức</a>'
        '<a href="../../hoi-dap/?a=1&amp;b=2">Hỏi &amp; đáp</a></nav>')
    # Made once for each value of `current`, then only filled: 2 renders of 3 links.
    assert len(found.made) == 2 and len(recorded) == 6


def test_a_text_holding_the_hole_character_is_rendered_for_each_page():
    env, found = environment([])
    card = {"url": "tin-tuc/a/", "title": "Lạ\x00"}
    filled = found.render(lambda target: urls.relative(target, "the/x/"), "card.html", card=_Card(**card), level=2)
    assert str(filled) == '<h2><a href="../../tin-tuc/a/">Lạ\x00</a></h2>'
    assert found.made[("card.html", (("card", _Card(**card)), ("level", 2)))] is None


class _Card:
    def __init__(self, url, title):
        self.url, self.title = url, title

    def __hash__(self):
        return hash((self.url, self.title))

    def __eq__(self, other):
        return (self.url, self.title) == (other.url, other.title)
