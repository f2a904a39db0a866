from django import forms
from django.utils.translation import gettext as _gettext
from django.utils.translation import gettext_lazy as _

from surveys.models import Identification, QuestionKind

CODE_RE = r"^[A-Za-z][A-Za-z0-9_]{0,15}$"


def _lines(text: str) -> list[str]:
    return list(dict.fromkeys(line.strip() for line in text.replace("\x00", "").splitlines() if line.strip()))


class SurveyForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=100)
    intro = forms.CharField(
        label=_("Introduction"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    identification = forms.ChoiceField(label=_("One answer per"), choices=Identification.choices)
    communities = forms.ModelMultipleChoiceField(
        label=_("Communities surveyed"), queryset=None, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, communities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["communities"].queryset = communities
        if not self.is_bound:
            self.initial.setdefault("communities", list(communities))


class SettingsForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=100)
    intro = forms.CharField(
        label=_("Introduction"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    identification = forms.ChoiceField(label=_("One answer per"), choices=Identification.choices)
    is_open = forms.BooleanField(
        label=_("Open for answers"), required=False, widget=forms.CheckboxInput(attrs={"class": "form-check-input"})
    )
    awareness_question = forms.ChoiceField(label=_("Awareness rate: question"), required=False)
    awareness_answers = forms.CharField(
        label=_("Awareness rate: answers that count (one a line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    support_question = forms.ChoiceField(label=_("Support rate: question"), required=False)
    support_answers = forms.CharField(
        label=_("Support rate: answers that count (one a line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    satisfaction_question = forms.ChoiceField(label=_("Satisfaction: rating question"), required=False)
    satisfaction_min = forms.IntegerField(label=_("Satisfaction: lowest rating that counts"), min_value=1, max_value=10)

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = {q.code: q for q in questions}
        empty = [("", "—")]
        choice = [(q.code, f"{q.code} {q.text}") for q in questions if q.kind in ("single", "multiple")]
        rating = [(q.code, f"{q.code} {q.text}") for q in questions if q.kind == "rating"]
        self.fields["awareness_question"].choices = empty + choice
        self.fields["support_question"].choices = empty + choice
        self.fields["satisfaction_question"].choices = empty + rating

    def clean(self):
        cleaned = super().clean()
        for key in ("awareness", "support"):
            answers = _lines(cleaned.get(f"{key}_answers", ""))
            cleaned[f"{key}_answers"] = answers
            question = self.questions.get(cleaned.get(f"{key}_question"))
            if question is None:
                continue
            if not answers:
                self.add_error(f"{key}_answers", _gettext("Name at least one answer that counts."))
            unknown = [a for a in answers if a not in question.options]
            if unknown:
                self.add_error(
                    f"{key}_answers",
                    _gettext("Not options of %(code)s: %(answers)s")
                    % {"code": question.code, "answers": "、".join(unknown)},
                )
        question = self.questions.get(cleaned.get("satisfaction_question"))
        if question is not None and cleaned.get("satisfaction_min") and cleaned["satisfaction_min"] > question.scale:
            self.add_error(
                "satisfaction_min", _gettext("The rating scale goes up to %(scale)s.") % {"scale": question.scale}
            )
        return cleaned


class QuestionForm(forms.Form):
    code = forms.RegexField(
        label=_("Question code"), regex=CODE_RE, max_length=16,
        error_messages={"invalid": _("A letter, then letters, digits or _ (e.g. Q1).")},
    )  # fmt: skip
    kind = forms.ChoiceField(label=_("Question kind"), choices=QuestionKind.choices)
    text = forms.CharField(label=_("Question"), max_length=300)
    required = forms.BooleanField(
        label=_("Required"),
        required=False,
        initial=True,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )
    options = forms.CharField(label=_("Options (one a line)"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    scale = forms.IntegerField(label=_("Rating scale (highest)"), min_value=2, max_value=10, initial=5)
    jumps = forms.CharField(
        label=_("Skip logic: “answer => code” one a line"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "placeholder": "不知道 => Q4"}),
    )

    def clean_options(self):
        options = _lines(self.cleaned_data["options"])
        if any(len(option) > 100 for option in options):
            raise forms.ValidationError(_gettext("Keep each option under 100 characters."))
        return options

    def clean_jumps(self):
        jumps = []
        for line in _lines(self.cleaned_data["jumps"]):
            answer, arrow, target = line.partition("=>")
            if not arrow or not answer.strip() or not target.strip():
                raise forms.ValidationError(_gettext("Write each jump as “answer => code”, e.g. 不知道 => Q4."))
            jumps.append({"answer": answer.strip(), "to": target.strip()})
        return jumps

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") in ("single", "multiple") and len(cleaned.get("options") or []) < 2:
            self.add_error("options", _gettext("A choice question needs at least two options."))
        return cleaned

    @staticmethod
    def initial_of(question) -> dict:
        return {
            "code": question.code, "kind": question.kind, "text": question.text, "required": question.required,
            "options": "\n".join(question.options), "scale": question.scale,
            "jumps": "\n".join(f"{j['answer']} => {j['to']}" for j in question.jumps),
        }  # fmt: skip


class DoorForm(forms.Form):
    community = forms.ModelChoiceField(label=_("Community"), queryset=None)
    grid = forms.ModelChoiceField(label=_("Grid (optional)"), queryset=None, required=False)
    address = forms.CharField(label=_("Household address"), max_length=200)

    def __init__(self, *args, communities, grids, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = communities
        self.fields["grid"].queryset = grids
