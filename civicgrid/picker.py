"""The searchable picker's widget: a grouped select that civicgrid/static/js/picker.js turns into a search box and
a tappable list (staff report form, case page, patroller's phone). The select stays the form's field, so a form
posts, validates and queues offline as it did without the script.

Each option carries the pinyin keys of its group and its own label (civicgrid/pinyin.py), computed here so the
browser does no pinyin work; the words of the script come translated from here too.
"""

from django import forms
from django.utils.translation import gettext as _

from civicgrid.pinyin import keys_for


class PickerSelect(forms.Select):
    def __init__(self, *, recent_key: str, attrs: dict | None = None) -> None:
        # recent_key: where the browser keeps this picker's recent choices (values of one kind share a list).
        super().__init__(attrs={"data-picker": "1", "data-recent-key": recent_key, **(attrs or {})})

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        groups = widget["optgroups"]
        keys = keys_for([str(group or "") for group, _options, _index in groups] + [
            str(option["label"]) for _group, options, _index in groups for option in options
        ])  # fmt: skip
        for group, options, _index in groups:
            for option in options:
                if option["value"] in ("", None):
                    continue
                words = [keys.get(str(group or ""), ""), keys.get(str(option["label"]), "")]
                option["attrs"]["data-pinyin"] = " ".join(word for word in words if word)
        widget["attrs"].update(
            {
                "data-text-search": _("Search: code, name, pinyin initials"),
                "data-text-recent": _("Recently used"),
                "data-text-found": _("%(count)s found"),
                "data-text-none": _("Nothing found"),
                "data-text-chosen": _("Chosen:"),
            }
        )
        return context
