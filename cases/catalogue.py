"""The 数字城管 category catalogue (CJ/T 214-2007 部件/事件 classes), read from its seed CSV into plain data.

The seed file is `cases/data/case_categories.csv` (its README beside it says where every value comes from):
one row per 小类, plus one major-only 扩展部件/扩展事件 row per kind with an empty `minor_code`.
Nothing here touches the database; a loader turns the `CategorySpec` list into model rows.

`filing_condition` packs every 立案条件 of a class as `条件 [时限; 结案:结案条件]`, joined by ` | `:

    缺失、移位、开裂，存在安全隐患的 [2紧急工作时; 结案:恢复] | 破损超过25c㎡ [4工作时; 结案:更换或修复]

The 时限 forms found in the file, and the unit codes they map to (the values of `cases.deadlines.DeadlineUnit`):

    N工作时      work_hour, not urgent
    N工作日      work_day,  not urgent
    N紧急工作时  hour, urgent (clock hours counted continuously)
    N紧急工作日  day,  urgent (natural days counted continuously)
    N小时        work_hour, not urgent  (events; 运城 muban.xlsx wording for 工作时, see the README)
    N天          work_day,  not urgent  (events; 运城 muban.xlsx wording for 工作日, see the README)
    种植季节N工作日  work_day with `limit_qualifier` "种植季节" (0402 行道树 缺失: replant within the planting season)

N may be a decimal (`0.5工作日`). Anything else (`3周`, a missing `结案:` part, unbalanced brackets) raises
`CatalogueError` naming the CSV line. The file's own `dispose_limit,limit_unit` and `urgent_limit,urgent_unit`
columns must agree with the first non-urgent and the first urgent parsed condition; a mismatch is an error too.

Classes without conditions (62 rows in the file, and the two major-only extension rows) get `DEFAULT_CONDITION`:
立案 "按一般问题立案", 2 工作日, not urgent, 结案 "问题已处置". No standard was found for them (see the README);
2 工作日 is the median limit of all non-urgent conditions in the file, so such a case is neither rushed nor left
open far longer than its neighbours. Change it per class in the admin once a local standard exists.
"""

import csv
import io
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

CATALOGUE_CSV = Path(__file__).resolve().parent / "data" / "case_categories.csv"
COLUMNS = (
    "kind",
    "major_code",
    "major_name",
    "minor_code",
    "minor_name",
    "filing_condition",
    "dispose_limit",
    "limit_unit",
    "urgent_limit",
    "urgent_unit",
    "source",
)
KINDS = ("component", "event")
WORK_HOUR, WORK_DAY, HOUR, DAY = "work_hour", "work_day", "hour", "day"

# unit as written → (code when written without 紧急, code when written with 紧急)
_UNITS = {"工作时": (WORK_HOUR, HOUR), "小时": (WORK_HOUR, HOUR), "工作日": (WORK_DAY, DAY), "天": (WORK_DAY, DAY)}
_LIMIT = re.compile(
    r"(?P<qualifier>[^\d\s.]*?)\s*(?P<number>\d+(?:\.\d+)?)\s*(?P<urgent>紧急)?(?P<unit>工作时|工作日|小时|天)"
)
_CLOSING_LABEL = re.compile(r"结案\s*[:：]")
_LIMIT_FORMS = "4工作时, 2工作日, 2紧急工作时, 1紧急工作日, 4小时, 2天"


@dataclass(frozen=True)
class ConditionSpec:
    text: str  # 立案条件
    limit: Decimal  # e.g. Decimal("4")
    unit: str  # work_hour | work_day | hour | day
    urgent: bool  # written with 紧急
    closing: str  # 结案条件; always filled when parsed from the file ("" only in hand-built specs)
    limit_qualifier: str = ""  # words before the number, e.g. "种植季节" in 种植季节15工作日


@dataclass(frozen=True)
class CategorySpec:
    kind: str  # component | event
    major_code: str
    major_name: str
    minor_code: str  # "" for the major-only extension rows
    minor_name: str
    conditions: tuple[ConditionSpec, ...]  # never empty: (DEFAULT_CONDITION,) when the file has none
    source: str

    @property
    def uses_default_condition(self) -> bool:
        return self.conditions == (DEFAULT_CONDITION,)


DEFAULT_CONDITION = ConditionSpec(
    text="按一般问题立案", limit=Decimal("2"), unit=WORK_DAY, urgent=False, closing="问题已处置"
)


class CatalogueError(ValueError):
    """A problem in the catalogue file; the message names the CSV line (when known) and quotes the file's text."""

    def __init__(self, problem: str, *, line: int = 0, where: str = "") -> None:
        self.problem, self.line, self.where = problem, line, where
        place = ", ".join(part for part in (where, f"line {line}" if line else "") if part)
        super().__init__(f"{place}: {problem}" if place else problem)


def parse_conditions(packed: str, *, line: int = 0) -> tuple[ConditionSpec, ...]:
    """Split a `filing_condition` cell into its conditions, in file order; an empty cell gives ()."""
    packed = packed.strip()
    if not packed:
        return ()
    # Split only on a "|" that follows a closing bracket, so a "|" inside a condition's text stays in it.
    return tuple(_parse_condition(part, line) for part in re.split(r"(?<=\])\s*\|\s*", packed))


def _parse_condition(part: str, line: int) -> ConditionSpec:
    def fail(problem: str) -> CatalogueError:
        return CatalogueError(f"{problem} in condition “{part}”", line=line)

    part = part.strip()
    if not part:
        raise CatalogueError("empty condition between two “|” separators", line=line)
    if not part.endswith("]"):
        if "[" in part:
            raise fail("unbalanced brackets: “[” is never closed, or text follows the “]”")
        raise fail("missing the “[时限; 结案:结案条件]” part")
    opening = part.rfind("[")
    if opening < 0:
        raise fail("unbalanced brackets: “]” without “[”")
    text, inside = part[:opening].strip(), part[opening + 1 : -1]
    if "]" in inside or text.count("[") != text.count("]"):
        raise fail("unbalanced brackets")
    if not text:
        raise fail("the 立案条件 text before “[” is empty")
    separator = re.search(r"[;；]", inside)
    if separator is None:
        raise fail("missing the closing part “; 结案:结案条件” inside the brackets")
    limit_text, closing_text = inside[: separator.start()].strip(), inside[separator.end() :].strip()
    label = _CLOSING_LABEL.match(closing_text)
    closing = closing_text[label.end() :].strip() if label else ""
    if not label or not closing:
        raise fail(f"the closing part must read “结案:结案条件”, not “{closing_text}”")
    match = _LIMIT.fullmatch(limit_text)
    if match is None or "紧急" in match["qualifier"]:
        raise fail(f"cannot read the limit “{limit_text}” (expected e.g. {_LIMIT_FORMS})")
    limit = Decimal(match["number"])
    if limit <= 0:
        raise fail(f"the limit “{limit_text}” must be more than zero")
    urgent = bool(match["urgent"])
    return ConditionSpec(
        text=text,
        limit=limit,
        unit=_UNITS[match["unit"]][urgent],
        urgent=urgent,
        closing=closing,
        limit_qualifier=match["qualifier"],
    )


def read_catalogue(path_or_text: str | Path = CATALOGUE_CSV) -> list[CategorySpec]:
    """Read and check the whole catalogue: a path (str or Path), or the CSV text itself (text has a line break).

    UTF-8 with or without BOM. The first problem found raises CatalogueError; nothing is returned half-read.
    """
    where = ""
    if isinstance(path_or_text, Path) or ("\n" not in path_or_text and "\r" not in path_or_text):
        where = str(path_or_text)
        try:
            text = Path(path_or_text).read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise CatalogueError(f"not UTF-8 text ({error})", where=where) from None
    else:
        text = path_or_text.removeprefix("\ufeff")
    try:
        return _read_rows(text)
    except CatalogueError as error:
        if not where:
            raise
        raise CatalogueError(error.problem, line=error.line, where=where) from None


def _read_rows(text: str) -> list[CategorySpec]:
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [name.strip() for name in next(reader, [])]
    if sorted(header) != sorted(COLUMNS):
        missing = [name for name in COLUMNS if name not in header]
        unexpected = [name for name in header if name not in COLUMNS]
        raise CatalogueError(
            f"the header must have the columns {','.join(COLUMNS)} (missing: {missing or '-'}, unexpected: {unexpected or '-'})",
            line=1,
        )
    specs: list[CategorySpec] = []
    first_line: dict[tuple[str, str, str], int] = {}
    major_names: dict[tuple[str, str], str] = {}
    end_of_previous = reader.line_num
    for fields in reader:
        line, end_of_previous = end_of_previous + 1, reader.line_num
        if not fields:
            continue
        if len(fields) != len(header):
            raise CatalogueError(f"{len(fields)} fields, the header has {len(header)}", line=line)
        row = {name: value.strip() for name, value in zip(header, fields, strict=True)}
        spec = _spec_from_row(row, line)
        key = (spec.kind, spec.major_code, spec.minor_code)
        if key in first_line:
            raise CatalogueError(
                f"{spec.kind} {spec.minor_code or spec.major_code} appears twice (first on line {first_line[key]})",
                line=line,
            )
        first_line[key] = line
        known_name = major_names.setdefault((spec.kind, spec.major_code), spec.major_name)
        if known_name != spec.major_name:
            raise CatalogueError(
                f"{spec.kind} major {spec.major_code} is called “{spec.major_name}” here but “{known_name}” above",
                line=line,
            )
        specs.append(spec)
    if not specs:
        raise CatalogueError("the catalogue has no data rows")
    return specs


def _spec_from_row(row: dict[str, str], line: int) -> CategorySpec:
    kind, major_code, minor_code = row["kind"], row["major_code"], row["minor_code"]
    if kind not in KINDS:
        raise CatalogueError(f"kind must be component or event, not “{kind}”", line=line)
    if not re.fullmatch(r"\d{2}", major_code) or not row["major_name"]:
        raise CatalogueError(
            f"major_code must be 2 digits with a major_name, not “{major_code}” “{row['major_name']}”", line=line
        )
    if minor_code and not (re.fullmatch(r"\d{4}", minor_code) and minor_code.startswith(major_code)):
        raise CatalogueError(
            f"minor_code “{minor_code}” must be 4 digits starting with major_code {major_code}", line=line
        )
    if bool(minor_code) != bool(row["minor_name"]):
        raise CatalogueError(f"minor_code “{minor_code}” and minor_name “{row['minor_name']}” go together", line=line)
    if not row["source"]:
        raise CatalogueError("the source is missing", line=line)
    conditions = parse_conditions(row["filing_condition"], line=line)
    _check_stated_limits(row, conditions, line)
    return CategorySpec(
        kind=kind,
        major_code=major_code,
        major_name=row["major_name"],
        minor_code=minor_code,
        minor_name=row["minor_name"],
        conditions=conditions or (DEFAULT_CONDITION,),
        source=row["source"],
    )


def _check_stated_limits(row: dict[str, str], conditions: tuple[ConditionSpec, ...], line: int) -> None:
    """The file's limit columns repeat the first non-urgent and the first urgent condition: they must agree."""
    checks = (
        ("dispose_limit", "limit_unit", "non-urgent", next((c for c in conditions if not c.urgent), None)),
        ("urgent_limit", "urgent_unit", "urgent", next((c for c in conditions if c.urgent), None)),
    )
    for limit_column, unit_column, which, condition in checks:
        stated_limit, stated_unit = row[limit_column], row[unit_column]
        stated = f"{limit_column},{unit_column} = “{stated_limit},{stated_unit}”"
        if condition is None:
            if stated_limit or stated_unit:
                raise CatalogueError(f"{stated} but filing_condition has no {which} condition", line=line)
            continue
        try:
            agrees = Decimal(stated_limit) == condition.limit and stated_unit == condition.unit
        except InvalidOperation:
            agrees = False
        if not agrees:
            raise CatalogueError(
                f"{stated} but the first {which} condition “{condition.text}” gives {condition.limit} {condition.unit}",
                line=line,
            )
