from django import template

from civicgrid.masking import mask_id_number, mask_phone

register = template.Library()


@register.simple_tag(takes_context=True)
def query_replace(context, **changes) -> str:
    """The current query string with some parameters replaced: for pagination and sort links."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        query[key] = value
    return query.urlencode()


@register.filter
def phone(value: str, show: bool = False) -> str:
    return value if show else mask_phone(value)


@register.filter
def id_number(value: str, show: bool = False) -> str:
    return value if show else mask_id_number(value)


@register.filter
def bootstrap(bound_field):
    """Render a form field's widget with Bootstrap classes, marked invalid when it has errors."""
    from django import forms

    widget = bound_field.field.widget
    if isinstance(widget, (forms.CheckboxInput, forms.RadioSelect, forms.CheckboxSelectMultiple)):
        base = "form-check-input"
    elif isinstance(widget, forms.Select):
        base = "form-select"
    else:
        base = "form-control"
    classes = set(widget.attrs.get("class", "").split()) | {base}
    if bound_field.errors:
        classes.add("is-invalid")
    return bound_field.as_widget(attrs={"class": " ".join(sorted(classes))})
