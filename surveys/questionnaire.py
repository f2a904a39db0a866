"""The rules of a questionnaire, apart from the database: skip logic and what a complete answer is.

A question is a `Question` row or anything with the same attributes (code, order, kind, text, required,
options, scale, jumps). Skip logic jumps forward only, so no answer can loop; a jump backwards, to itself or to a
question that does not exist is refused with a message that names the questions.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

CHOICE_KINDS = ("single", "multiple")


@dataclass
class Problems:
    """Errors keyed by question code ("" for the questionnaire as a whole)."""

    errors: dict = field(default_factory=dict)

    def add(self, code: str, message: str) -> None:
        self.errors.setdefault(code, []).append(message)

    def __bool__(self) -> bool:
        return bool(self.errors)


def check_questions(questions, *, draft: bool = False) -> Problems:
    """What is wrong with a version's questions: duplicate codes, choices without options, bad jumps.

    While a draft is being built (`draft`), a jump may name a question not written yet; publishing needs it."""
    problems = Problems()
    ordered = sorted(questions, key=lambda q: q.order)
    position = {}
    for index, question in enumerate(ordered):
        if question.code in position:
            problems.add(question.code, _("The code %(code)s is used twice.") % {"code": question.code})
        position[question.code] = index
    if not ordered:
        problems.add("", _("A survey needs at least one question."))
    for index, question in enumerate(ordered):
        if question.kind in CHOICE_KINDS and len(question.options) < 2:
            problems.add(
                question.code, _("%(code)s: a choice question needs at least two options.") % {"code": question.code}
            )
        if len(set(question.options)) != len(question.options):
            problems.add(question.code, _("%(code)s: an option is listed twice.") % {"code": question.code})
        for jump in question.jumps:
            answer, target = jump.get("answer", ""), jump.get("to", "")
            names = {"code": question.code, "answer": answer, "target": target}
            if question.kind not in CHOICE_KINDS:
                problems.add(question.code, _("%(code)s: only choice questions can jump.") % names)
            elif answer not in question.options:
                problems.add(question.code, _("%(code)s: the jump names “%(answer)s”, which is not an option.") % names)
            if target not in position:
                if draft:
                    continue
                problems.add(question.code, _("%(code)s: the jump goes to %(target)s, which does not exist.") % names)
            elif position[target] <= index:
                problems.add(
                    question.code,
                    _(
                        "%(code)s → %(target)s makes a loop: “%(answer)s” jumps back to an earlier question "
                        "(or the same one). Jumps may only go forward."
                    )
                    % names,
                )
    return problems


def _next_code(question, given, by_position: list, index: int) -> str | None:
    chosen = given if isinstance(given, list) else [given]
    for jump in question.jumps:
        if jump.get("answer") in chosen:
            return jump.get("to")
    return by_position[index + 1].code if index + 1 < len(by_position) else None


def path(questions, answers: dict) -> list:
    """The questions this respondent is asked, first to last, following the jumps their answers take."""
    ordered = sorted(questions, key=lambda q: q.order)
    index_of = {q.code: i for i, q in enumerate(ordered)}
    asked = []
    code = ordered[0].code if ordered else None
    while code is not None and code in index_of:
        index = index_of[code]
        question = ordered[index]
        asked.append(question)
        given = answers.get(code)
        following = _next_code(question, given, ordered, index) if given not in (None, "", []) else None
        if following is None:
            following = ordered[index + 1].code if index + 1 < len(ordered) else None
        if following is not None and index_of.get(following, -1) <= index:
            break  # a stored jump backwards cannot happen (check_questions refuses it); never loop on one
        code = following
    return asked


def clean_answer(question, raw):
    """The answer in its stored shape (str, list of str, int) or None if empty; ValueError(message) if invalid."""
    if question.kind == "multiple":
        values = [v.strip() for v in (raw if isinstance(raw, list) else [raw]) if v and str(v).strip()]
        if any(v not in question.options for v in values):
            raise ValueError(_("Choose among the options given."))
        return list(dict.fromkeys(values)) or None
    value = (raw[0] if isinstance(raw, list) and raw else raw) if raw is not None else ""
    value = str(value).replace("\x00", "").strip()
    if not value:
        return None
    if question.kind == "single":
        if value not in question.options:
            raise ValueError(_("Choose among the options given."))
        return value
    if question.kind == "rating":
        if not value.isdigit() or not 1 <= int(value) <= question.scale:
            raise ValueError(_("Give a rating from 1 to %(scale)s.") % {"scale": question.scale})
        return int(value)
    if len(value) > 1000:
        raise ValueError(_("Keep the answer under 1000 characters."))
    return value


def clean_answers(questions, raw: dict) -> tuple[dict, Problems]:
    """The answers along the respondent's path, cleaned; answers to skipped questions are dropped.

    A required question on the path without an answer is an error naming it."""
    problems = Problems()
    cleaned = {}
    for question in sorted(questions, key=lambda q: q.order):
        try:
            cleaned[question.code] = clean_answer(question, raw.get(question.code))
        except ValueError as exc:
            problems.add(question.code, str(exc))
    asked = path(questions, cleaned)
    kept = {}
    for question in asked:
        value = cleaned.get(question.code)
        if value is None:
            if question.required and question.code not in problems.errors:
                problems.add(question.code, _("%(code)s is required: please answer it.") % {"code": question.code})
            continue
        kept[question.code] = value
    # An error on a question the respondent skips does not count against them.
    asked_codes = {q.code for q in asked}
    problems.errors = {code: msgs for code, msgs in problems.errors.items() if code in asked_codes}
    return kept, problems
