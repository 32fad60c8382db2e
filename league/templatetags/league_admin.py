"""Template tags of the admin pages."""

from django import template

from league.admin.publishing import publishing_periods, publishing_steps

register = template.Library()


@register.inclusion_tag("admin/league/period/_publishing.html", takes_context=True)
def publishing_panel(context) -> dict:
    """The "Publishing a quarter" panel of the admin home: the quarters being worked on, each
    with its four steps, for staff who may see periods."""
    user = context["request"].user
    panels = []
    if user.has_perm("league.view_period"):
        panels = [(p, publishing_steps(p, user=user)) for p in publishing_periods()]
    return {"panels": panels, "show_period": True}
