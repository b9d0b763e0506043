"""`{{ form|govuk_fields }}`: a list page's filter form as GOV.UK fields, written in Python.

crispy-forms-gds renders each field through a dozen nested templates, which came to a few milliseconds for a
filter form of seven or nine fields: on a list page, as much as the rest of the page. This writes the markup
crispy-forms-gds writes (gds/field.html, its label, hint and error messages, and the same widget classes and
aria-describedby) for text, date and number inputs, single selects and single checkboxes; the widgets
themselves still render through Django. A form with any other kind of field, or with an error not tied to a
field, is handed to crispy-forms unchanged.
"""

from __future__ import annotations

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_form
from django import forms, template
from django.conf import settings
from django.forms.widgets import Input
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from safeguarding.form_renderer import html_attrs

register = template.Library()

# crispy-forms-gds's class for each widget class (by lower-cased class name); others get the name itself.
CONVERTERS = {
    "checkboxinput": "govuk-checkboxes__input",
    "select": "govuk-select",
    "textinput": "govuk-input",
    "emailinput": "govuk-input",
    "passwordinput": "govuk-input",
    "textarea": "govuk-textarea",
    "clearablefileinput": "govuk-file-upload",
}
ERROR_CLASS_WIDGETS = ("Select", "TextInput", "Textarea")


def _supported(field: forms.BoundField) -> bool:
    widget = field.field.widget
    if field.is_hidden:
        return True
    if isinstance(widget, (forms.MultiWidget, forms.FileInput, forms.RadioSelect)):
        return False
    if hasattr(widget, "widgets"):
        return False
    if isinstance(widget, forms.Select):
        return not widget.allow_multiple_selected
    return isinstance(widget, (Input, forms.CheckboxInput))


def _prepare_widget(field: forms.BoundField) -> None:
    """Give the widget the classes and aria-describedby that crispy-forms-gds's field tag gives it."""
    widget = field.field.widget
    converters = {**CONVERTERS, **getattr(settings, "CRISPY_CLASS_CONVERTERS", {})}
    class_name = widget.__class__.__name__.lower()
    class_name = converters.get(class_name, class_name)
    css_class = class_name.split() if class_name else []
    for extra in widget.attrs.get("class", "").split():
        if extra not in css_class:
            css_class.append(extra)
    css_class = " ".join(css_class)
    if hasattr(widget, "input_type") and "input_type" in widget.attrs:
        widget.input_type = widget.attrs.pop("input_type")
    if field.help_text:
        widget.attrs["aria-describedby"] = f"{field.auto_id}_hint"
    if field.errors:
        if widget.__class__.__name__ in ERROR_CLASS_WIDGETS:
            css_class += " govuk-input--error"
        if not field.help_text:
            widget.attrs["aria-describedby"] = ""
        for index in range(1, len(field.errors) + 1):
            described = widget.attrs.get("aria-describedby", "")
            widget.attrs["aria-describedby"] = (
                f"{described} " if described else ""
            ) + f"{field.auto_id}_{index}_error"
    widget.attrs["class"] = css_class


def _hint_and_errors(field: forms.BoundField) -> str:
    parts = []
    if field.help_text:
        # As crispy-forms-gds: help text is the form's own, written as markup.
        parts.append(f'<div id="{field.auto_id}_hint" class="govuk-hint">{field.help_text}</div>')
    for index, error in enumerate(field.errors, start=1):
        parts.append(
            f'<span id="{field.auto_id}_{index}_error" class="govuk-error-message">'
            f'<span class="govuk-visually-hidden">Error:</span> {conditional_escape(error)}</span>'
        )
    return " ".join(parts)


def _plain_select(field: forms.BoundField) -> str | None:
    """A plain single select as Django's widget templates write it, straight from its choices: building
    Django's option dictionaries for two agency pickers cost more than the rest of the form."""
    widget = field.field.widget
    if type(widget) is not forms.Select or field.field.show_hidden_initial:
        return None
    choices = list(widget.choices)
    if any(isinstance(label, (list, tuple)) for _value, label in choices):
        return None  # option groups: Django's own rendering
    attrs = field.build_widget_attrs({}, widget)
    if field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", field.auto_id)
    attrs = widget.build_attrs(widget.attrs, attrs)
    value = widget.format_value(field.value())
    parts = [f'<select name="{conditional_escape(field.html_name)}"{html_attrs(attrs)}>']
    has_selected = False
    for option_value, label in choices:
        option_value = "" if option_value is None else str(option_value)
        selected = not has_selected and option_value in value
        has_selected |= selected
        parts.append(
            f'\n  <option value="{conditional_escape(option_value)}"{" selected" if selected else ""}>'
            f"{conditional_escape(label)}</option>"
        )
    parts.append("\n</select>")
    return "".join(parts)


def _widget(field: forms.BoundField) -> str:
    html = _plain_select(field)
    return str(field) if html is None else html


def _field(field: forms.BoundField) -> str:
    if field.is_hidden:
        return str(field)
    _prepare_widget(field)
    group = "govuk-form-group"
    if field.errors:
        group += " govuk-form-group--error"
    if css := field.css_classes():
        group += f" {css}"
    parts = [f'<div id="div_{field.auto_id}" class="{group}">']
    if isinstance(field.field.widget, forms.CheckboxInput):
        parts += [
            _hint_and_errors(field),
            '<div class="govuk-checkboxes"> <div class="govuk-checkboxes__item">',
            str(field),
            f'<label class="govuk-label govuk-checkboxes__label" for="{field.id_for_label}">'
            f"{field.label}</label>",
            "</div> </div>",
        ]
    else:
        if field.label:
            parts.append(f'<label for="{field.id_for_label}" class="govuk-label">{field.label}</label>')
        parts += [_hint_and_errors(field), _widget(field)]
    parts.append("</div>")
    return " ".join(part for part in parts if part)


@register.filter
def govuk_fields(form: forms.BaseForm):
    if form.non_field_errors() or not all(_supported(field) for field in form):
        return as_crispy_form(form)
    return mark_safe(" ".join(_field(field) for field in form))  # noqa: S308 - labels and hints are ours
