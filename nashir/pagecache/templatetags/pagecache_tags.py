"""{% held %}: a part of the page every reader sees alike, rendered once per process.

    {% load pagecache_tags %}
    {% held "footer" %}{% site_footer %}{% endheld %}
    {% held "section-nav" page.path|slice:":12" %}{% section_nav %}{% endheld %}

The masthead, menus and footer are the same on every page of a site, yet rendering them was
most of an uncached page's template time. The output is held by the process as
`held_in_process` holds values: until the next purge anywhere, HELD_SECONDS at most; so not
for parts that change at an exact time (the ticker's «عاجل» marks run out to the second). Its
key is the name, the values after it (what the part varies with, such as the current section)
and the address the request came to (scheme and host, so a request for another host never
shows its address to the site's readers). What the part declares to the page cache while it
renders («الأكثر قراءة»'s headlines) is declared again each time it is shown. Only for parts
that do not depend on who the reader is.
"""

from django import template

from nashir.pagecache.declare import recording, replay
from nashir.pagecache.fragments import held_in_process

register = template.Library()


class HeldNode(template.Node):
    def __init__(self, nodelist, name, vary):
        self.nodelist, self.name, self.vary = nodelist, name, vary

    def render(self, context):
        request = context.get("request")
        if request is None:
            return self.nodelist.render(context)
        parts = [self.name.resolve(context), *(v.resolve(context) for v in self.vary)]
        address = f"{request.scheme}://{request.get_host()}"
        key = "held:" + "\x1f".join(map(str, [address, *parts]))

        def render():
            with recording(request) as part:
                html = self.nodelist.render(context)
            return html, part.recorded

        html, recorded = held_in_process(key, render)
        replay(request, recorded)  # rendered now or held: the page shows what the part shows
        return html


@register.tag
def held(parser, token):
    """{% held "name" [what it varies with …] %}…{% endheld %}"""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("{% held %} needs a name")
    nodelist = parser.parse(("endheld",))
    parser.delete_first_token()
    return HeldNode(
        nodelist, parser.compile_filter(bits[1]), [parser.compile_filter(b) for b in bits[2:]]
    )
