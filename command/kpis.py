"""The KPI rules in one place: which case events count for what, and the formulas built on the counts.

DESIGN.md §5 and shared/reference/kpi_formulas.md. Every figure is computed from case events, each
attributed to the day (Asia/Shanghai) it happened and to the unit, department or person named in the
event's own `payload["kpi"]` context (written by cases.services when the event happened). So a period's
figures never change after the period ends, whatever happens to its cases later, and a report for a
closed period is stable.

Decisions where the sources disagree (each documented in docs/kpis.md):
- Rework is counted once per case (the first failed verification) and divided by cases disposed for
  the first time, so "10 cases, 2 reworked" is 20 % however often the two were redone.
- A case is closed on time when none of its stages ran past its deadline (postponements extend a
  deadline, shelving pauses it). The source rule "on time iff the disposal was on time" is kept as a
  second count and chosen with the scheme setting `on_time_close = "disposal"`.
- A department's disposal is due when it is done on time or when the sweep finds its deadline passed,
  whichever comes first, so a late disposal is counted once, not twice. (A postponement approved after
  the deadline clears the overdue mark; such a stage is counted when it went overdue and again when
  disposed on time within the extension.)
- Zero denominators give no value ("—"), and the composite score re-weights over the indicators that
  have one; a subject with no indicator gets no score.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

from cases import workflow
from command.models import SubjectKind

# Labels carry the context "kpi": a figure's name ("立案数") differs from the same English word used
# elsewhere as a state ("已立案").
# With intake approval on (WorkflowSettings.intake_approval) a shift lead's approval files or voids.
FILING_ACTIONS = ("file", "approve_file")
VOIDING_ACTIONS = ("void", "merge", "approve_void")
CLOSING_ACTIONS = tuple(sorted(workflow.CLOSING_ACTIONS))
# Sources whose filed cases a patroller should have found first (监督举报 / 漏报).
PUBLIC_SOURCES = ("citizen", "hotline", "open311", "camera")


@dataclass(frozen=True)
class Rule:
    """Events that add one to a counter: these actions, whose kpi context has these values.

    `subject` names the context key whose value is the counted subject ("actor" is the event's actor).
    A tuple in `match` means "one of".
    """

    actions: tuple[str, ...]
    subject: str
    match: dict = field(default_factory=dict)

    def applies(self, action: str, ctx: dict) -> bool:
        if action not in self.actions:
            return False
        for key, wanted in self.match.items():
            value = ctx.get(key)
            if (isinstance(wanted, tuple) and value not in wanted) or (
                not isinstance(wanted, tuple) and value != wanted
            ):
                return False
        return True

    def q(self, prefix: str = "") -> Q:
        """The same rule as a filter on CaseEvent (for drill-down and recomputation)."""
        query = Q(**{f"{prefix}action__in": self.actions})
        for key, wanted in self.match.items():
            lookup = f"{prefix}payload__kpi__{key}"
            query &= Q(**{f"{lookup}__in": list(wanted)}) if isinstance(wanted, tuple) else Q(**{lookup: wanted})
        return query


@dataclass(frozen=True)
class Counter:
    code: str  # a DailyStat column
    label: Promise
    kind: str
    rules: tuple[Rule, ...]


def _c(code, label, kind, *rules) -> Counter:
    return Counter(code, label, kind, rules)


ORG, DEPT, USER = SubjectKind.ORG, SubjectKind.DEPARTMENT, SubjectKind.USER

COUNTERS: list[Counter] = [
    # Region: the org unit of the case and every unit above it.
    _c("reports", pgettext_lazy("kpi", "Reports"), ORG, Rule(("report",), "org")),
    _c("filed", pgettext_lazy("kpi", "Filed"), ORG, Rule(FILING_ACTIONS, "org")),
    _c(
        "public_filed",
        pgettext_lazy("kpi", "Filed from public reports"),
        ORG,
        Rule(FILING_ACTIONS, "org", {"src": PUBLIC_SOURCES}),
    ),
    _c("voided", pgettext_lazy("kpi", "Voided"), ORG, Rule(VOIDING_ACTIONS, "org")),
    _c("closed", pgettext_lazy("kpi", "Closed"), ORG, Rule(CLOSING_ACTIONS, "org")),
    _c("closed_on_time", pgettext_lazy("kpi", "Closed on time"), ORG, Rule(CLOSING_ACTIONS, "org", {"ontime": True})),
    _c(
        "closed_disposal_on_time",
        pgettext_lazy("kpi", "Closed, disposal on time"),
        ORG,
        Rule(CLOSING_ACTIONS, "org", {"disposal_ontime": True}),
    ),
    _c("disposed", pgettext_lazy("kpi", "Disposed"), ORG, Rule(("dispose",), "org", {"first": True})),
    _c("reworked", pgettext_lazy("kpi", "Reworked"), ORG, Rule(("verify_fail",), "org", {"first": True})),
    _c("reopened", pgettext_lazy("kpi", "Reopened"), ORG, Rule(("reopen",), "org")),
    _c("self_disposed", pgettext_lazy("kpi", "Fixed on the spot"), ORG, Rule(("self_dispose",), "org")),
    _c("overdue", pgettext_lazy("kpi", "Deadlines missed"), ORG, Rule(("overdue",), "org")),
    _c("supervised", pgettext_lazy("kpi", "Put under supervision"), ORG, Rule(("supervise",), "org")),
    # Department: the lead department of the case at the event.
    _c("received", pgettext_lazy("kpi", "Received"), DEPT, Rule(("dispatch", "redispatch"), "dept")),
    _c(
        "disposal_due",
        pgettext_lazy("kpi", "Disposals due"),
        DEPT,
        Rule(("dispose",), "dept", {"late": False}),
        # Late, but the sweep had not flagged it yet (it would have been counted then).
        Rule(("dispose",), "dept", {"late": True, "swept": False}),
        Rule(("overdue",), "dept", {"stage": "disposal"}),
    ),
    _c("disposed_on_time", pgettext_lazy("kpi", "Disposed on time"), DEPT, Rule(("dispose",), "dept", {"late": False})),
    _c("disposed", pgettext_lazy("kpi", "Disposed"), DEPT, Rule(("dispose",), "dept", {"first": True})),
    _c("reworked", pgettext_lazy("kpi", "Reworked"), DEPT, Rule(("verify_fail",), "dept", {"first": True})),
    _c("returned", pgettext_lazy("kpi", "Returned"), DEPT, Rule(("return_",), "dept")),
    _c("postponed", pgettext_lazy("kpi", "Postponed"), DEPT, Rule(("approve_postpone",), "dept")),
    _c("overdue", pgettext_lazy("kpi", "Disposals overdue"), DEPT, Rule(("overdue",), "dept", {"stage": "disposal"})),
    _c("closed", pgettext_lazy("kpi", "Closed"), DEPT, Rule(("close", "close_transferred"), "dept")),
    # People: the actor, or the reporter / dispatcher the context names.
    _c("reports", pgettext_lazy("kpi", "Reports"), USER, Rule(("report",), "actor")),
    _c("valid_reports", pgettext_lazy("kpi", "Valid reports"), USER, Rule(FILING_ACTIONS, "rep")),
    _c("self_disposed", pgettext_lazy("kpi", "Fixed on the spot"), USER, Rule(("self_dispose",), "actor")),
    _c("verified", pgettext_lazy("kpi", "Verifications"), USER, Rule(("verify_ok", "verify_fail"), "actor")),
    _c(
        "verified_on_time",
        pgettext_lazy("kpi", "Verified on time"),
        USER,
        Rule(("verify_ok", "verify_fail"), "actor", {"late": False}),
    ),
    _c("dispatched", pgettext_lazy("kpi", "Dispatched"), USER, Rule(("dispatch", "redispatch"), "actor")),
    _c(
        "dispatched_on_time",
        pgettext_lazy("kpi", "Dispatched on time"),
        USER,
        Rule(("dispatch", "redispatch"), "actor", {"late": False}),
    ),
    _c("misdispatched", pgettext_lazy("kpi", "Returned as wrongly dispatched"), USER, Rule(("return_",), "disp")),
    _c("filed", pgettext_lazy("kpi", "Filed"), USER, Rule(FILING_ACTIONS, "actor")),
    _c("filed_on_time", pgettext_lazy("kpi", "Filed on time"), USER, Rule(FILING_ACTIONS, "actor", {"late": False})),
    _c("voided", pgettext_lazy("kpi", "Voided"), USER, Rule(VOIDING_ACTIONS, "actor")),
    _c("closed_by", pgettext_lazy("kpi", "Closed"), USER, Rule(("close", "close_transferred"), "actor")),
    _c(
        "closed_by_on_time",
        pgettext_lazy("kpi", "Closed on time"),
        USER,
        Rule(("close", "close_transferred"), "actor", {"late": False}),
    ),
]
COUNTER_INDEX: dict[tuple[str, str], Counter] = {(c.kind, c.code): c for c in COUNTERS}
# The rules an action may satisfy (the rollup looks at each event's few candidates, not all 36 counters).
RULES_BY_ACTION: dict[str, list[tuple[Counter, Rule]]] = {}
for _counter in COUNTERS:
    for _rule in _counter.rules:
        for _action in _rule.actions:
            RULES_BY_ACTION.setdefault(_action, []).append((_counter, _rule))


@dataclass(frozen=True)
class Indicator:
    """A figure shown and scored: a count, or a rate = numerator / denominator (counter codes)."""

    code: str
    label: Promise
    kind: str
    numerator: str
    denominator: str | None = None
    higher_is_better: bool = True
    complement: bool = False  # the rate shown is 1 − numerator / denominator

    @property
    def is_rate(self) -> bool:
        return self.denominator is not None

    def value(self, counts: dict[str, int]) -> Decimal | int | None:
        top = counts.get(self.numerator, 0)
        if self.denominator is None:
            return top
        bottom = counts.get(self.denominator, 0)
        if not bottom:
            return None
        rate = Decimal(top) / Decimal(bottom)
        return (1 - rate if self.complement else rate).quantize(Decimal("0.0001"), ROUND_HALF_UP)

    def score(self, counts: dict[str, int]) -> Decimal | None:
        """0–100 points for the composite score (rates only)."""
        value = self.value(counts)
        if value is None or not self.is_rate:
            return None
        return (value if self.higher_is_better else 1 - value) * 100


def _i(code, label, kind, numerator, denominator=None, **kw) -> Indicator:
    return Indicator(code, label, kind, numerator, denominator, **kw)


INDICATORS: list[Indicator] = [
    _i("reports", pgettext_lazy("kpi", "Reports"), ORG, "reports"),
    _i("filed", pgettext_lazy("kpi", "Filed"), ORG, "filed"),
    _i("closed", pgettext_lazy("kpi", "Closed"), ORG, "closed"),
    _i("close_rate", pgettext_lazy("kpi", "Close rate"), ORG, "closed", "filed"),
    _i("on_time_close_rate", pgettext_lazy("kpi", "On-time close rate"), ORG, "closed_on_time", "closed"),
    _i(
        "disposal_on_time_close_rate",
        pgettext_lazy("kpi", "Closed with disposal on time"),
        ORG,
        "closed_disposal_on_time",
        "closed",
    ),
    _i("rework_rate", pgettext_lazy("kpi", "Rework rate"), ORG, "reworked", "disposed", higher_is_better=False),
    _i(
        "public_report_rate",
        pgettext_lazy("kpi", "Public report rate"),
        ORG,
        "public_filed",
        "filed",
        higher_is_better=False,
    ),
    _i("overdue", pgettext_lazy("kpi", "Deadlines missed"), ORG, "overdue"),
    _i("self_disposed", pgettext_lazy("kpi", "Fixed on the spot"), ORG, "self_disposed"),
    _i("supervised", pgettext_lazy("kpi", "Put under supervision"), ORG, "supervised"),
    _i("received", pgettext_lazy("kpi", "Received"), DEPT, "received"),
    _i("disposal_due", pgettext_lazy("kpi", "Disposals due"), DEPT, "disposal_due"),
    _i(
        "on_time_disposal_rate", pgettext_lazy("kpi", "On-time disposal rate"), DEPT, "disposed_on_time", "disposal_due"
    ),
    _i("disposal_rate", pgettext_lazy("kpi", "Disposal rate"), DEPT, "disposed", "received"),
    _i("dept_rework_rate", pgettext_lazy("kpi", "Rework rate"), DEPT, "reworked", "disposed", higher_is_better=False),
    _i("dept_overdue", pgettext_lazy("kpi", "Disposals overdue"), DEPT, "overdue"),
    _i("dept_returned", pgettext_lazy("kpi", "Returned"), DEPT, "returned"),
    _i("dept_postponed", pgettext_lazy("kpi", "Postponed"), DEPT, "postponed"),
    _i("user_reports", pgettext_lazy("kpi", "Reports"), USER, "reports"),
    _i("valid_reports", pgettext_lazy("kpi", "Valid reports"), USER, "valid_reports"),
    _i("valid_report_rate", pgettext_lazy("kpi", "Valid report rate"), USER, "valid_reports", "reports"),
    _i("user_self_disposed", pgettext_lazy("kpi", "Fixed on the spot"), USER, "self_disposed"),
    _i(
        "on_time_verification_rate",
        pgettext_lazy("kpi", "On-time verification rate"),
        USER,
        "verified_on_time",
        "verified",
    ),
    _i("dispatched", pgettext_lazy("kpi", "Dispatched"), USER, "dispatched"),
    _i(
        "on_time_dispatch_rate", pgettext_lazy("kpi", "On-time dispatch rate"), USER, "dispatched_on_time", "dispatched"
    ),
    _i(
        "accurate_dispatch_rate",
        pgettext_lazy("kpi", "Accurate dispatch rate"),
        USER,
        "misdispatched",
        "dispatched",
        complement=True,
    ),
    _i("user_filed", pgettext_lazy("kpi", "Filed"), USER, "filed"),
    _i("on_time_filing_rate", pgettext_lazy("kpi", "On-time filing rate"), USER, "filed_on_time", "filed"),
    _i("user_closed", pgettext_lazy("kpi", "Closed"), USER, "closed_by"),
    _i("on_time_closing_rate", pgettext_lazy("kpi", "On-time closing rate"), USER, "closed_by_on_time", "closed_by"),
]
INDICATOR_INDEX: dict[str, Indicator] = {i.code: i for i in INDICATORS}

# The indicators each scored subject shows, and the default weights of its composite score
# (kpi_formulas.md: U's notes where they add up, P's department variant; editable as ScoreScheme rows).
SCORED: dict[str, dict] = {
    "community": {
        "kind": ORG,
        "weights": {"close_rate": 40, "on_time_close_rate": 30, "rework_rate": 20, "public_report_rate": 10},
    },
    "department": {
        "kind": DEPT,
        "weights": {"on_time_disposal_rate": 60, "disposal_rate": 30, "dept_rework_rate": 10},
    },
    "patroller": {"kind": USER, "weights": {"valid_report_rate": 50, "on_time_verification_rate": 50}},
    "dispatcher": {"kind": USER, "weights": {"on_time_dispatch_rate": 50, "accurate_dispatch_rate": 50}},
    "intake": {"kind": USER, "weights": {"on_time_filing_rate": 50, "on_time_closing_rate": 50}},
}
DEFAULT_BANDS = [["A", 90], ["B", 75], ["C", 60], ["D", 40], ["E", 0]]
GRADE_COLOURS = {"A": "success", "B": "primary", "C": "warning", "D": "danger", "E": "dark"}


def composite(counts: dict[str, int], weights: dict[str, float]) -> Decimal | None:
    """综合指标值: the weighted mean of the indicators' points, over the indicators that have a value."""
    total_weight, total = Decimal(0), Decimal(0)
    for code, weight in weights.items():
        indicator = INDICATOR_INDEX.get(code)
        points = indicator.score(counts) if indicator else None
        if points is None or not weight:
            continue
        total_weight += Decimal(str(weight))
        total += points * Decimal(str(weight))
    if not total_weight:
        return None
    return (total / total_weight).quantize(Decimal("0.1"), ROUND_HALF_UP)


def grade(score: Decimal | None, bands: list) -> str:
    if score is None:
        return ""
    for letter, lowest in bands:
        if score >= Decimal(str(lowest)):
            return letter
    return bands[-1][0] if bands else ""
