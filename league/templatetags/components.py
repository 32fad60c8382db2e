"""NHS.UK components whose content is written in the page's template, as block tags:

    {% load components %}
    {% summary_list %}
      {% summary_row "Aim" %}Segment {{ plan.target_segment }} by …{% endsummary_row %}
    {% endsummary_list %}

Each renders its component from templates/components/ around the content, so the markup of
the component is written once."""

from django import template
from django.template.base import token_kwargs
from django.utils.safestring import mark_safe

register = template.Library()


class ComponentNode(template.Node):
    """Renders `component` with the block's rendered content as `content_as`."""

    def __init__(self, component: str, nodelist, content_as: str, **params) -> None:
        self.component = component
        self.nodelist = nodelist
        self.content_as = content_as
        self.params = params

    def render(self, context) -> str:
        params = {name: value.resolve(context) for name, value in self.params.items()}
        # Already escaped by the template it was written in; blank content counts as empty.
        content = mark_safe(self.nodelist.render(context).strip())
        with context.push(**{self.content_as: content}, **params):
            return context.template.engine.get_template(self.component).render(context)


def _block(parser, token, end: str) -> tuple[list, object]:
    bits = token.split_contents()[1:]
    nodelist = parser.parse((end,))
    parser.delete_first_token()
    return bits, nodelist


@register.tag
def summary_list(parser, token) -> ComponentNode:
    """{% summary_list [no_border] %}rows{% endsummary_list %}"""
    bits, nodelist = _block(parser, token, "endsummary_list")
    no_border = template.Variable("True" if "no_border" in bits else "False")
    return ComponentNode(
        "components/summary_list_block.html", nodelist, "rows", no_border=no_border
    )


ROW_OPTIONS = {"action_href", "action_text", "action_hidden_text", "no_actions", "secondary"}


@register.tag
def summary_row(parser, token) -> ComponentNode:
    """{% summary_row key [action_href=… action_text=… action_hidden_text=… no_actions=…
    secondary=…] %}value{% endsummary_row %}: an empty value shows "Not known"; `no_actions`
    for a row without a link in a list whose other rows have one; `secondary` shows the value
    in secondary text colour."""
    bits, nodelist = _block(parser, token, "endsummary_row")
    if not bits:
        raise template.TemplateSyntaxError("summary_row needs the row's key")
    key = parser.compile_filter(bits[0])
    options = token_kwargs(bits[1:], parser)
    if len(options) != len(bits) - 1 or not set(options) <= ROW_OPTIONS:
        raise template.TemplateSyntaxError(f"summary_row takes a key and {sorted(ROW_OPTIONS)}")
    return ComponentNode("components/summary_list_row.html", nodelist, "value", key=key, **options)
