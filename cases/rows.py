"""The rows a transition reads and writes, in SQL compiled once per process (the transition hot path).

Building the same few statements through the ORM on every transition cost more than the database work itself
(about 1 ms of Python per statement on the project's 2-core machine, issue 5's ≥ 500 transitions/s). The SQL
here is derived from the models' metadata on first use and cached, so it follows the models; values go through
each field's pre_save and get_db_prep_save and come back through the backend's and the fields' converters, as
with the ORM. On PostgreSQL all writes of one transition are one statement (data-modifying CTEs); a row
inserted in the same batch is referenced by its CTE. No model signals are sent for these rows: none are
connected to Case, CaseStage or CaseEvent (cases/tests/test_rows.py checks it).
"""

from functools import cache

from django.conf import settings
from django.db import connections
from django.db.models import Field, Model

from cases.models import Case, CaseStage

DB = "default"


def _quote(name: str) -> str:
    return connections[DB].ops.quote_name(name)


def _converters(fields: list[Field], alias: str) -> list[tuple[int, list, object]]:
    connection = connections[DB]
    found = []
    for index, field in enumerate(fields):
        col = field.get_col(alias)
        converters = connection.ops.get_db_converters(col) + col.get_db_converters(connection)
        if converters:
            found.append((index, converters, col))
    return found


def _convert(values: list, converters) -> list:
    connection = connections[DB]
    for index, functions, col in converters:
        value = values[index]
        for function in functions:
            value = function(value, col, connection)
        values[index] = value
    return values


@cache
def _lock_sql(vendor: str) -> tuple[str, int, list, list]:
    connection = connections[DB]
    case_fields, stage_fields = Case._meta.concrete_fields, CaseStage._meta.concrete_fields
    columns = [f"c.{_quote(f.column)}" for f in case_fields] + [f"s.{_quote(f.column)}" for f in stage_fields]
    if connection.features.has_select_for_update_of:
        lock = " FOR UPDATE OF c"
    elif connection.features.has_select_for_update:
        lock = " FOR UPDATE"
    else:
        lock = ""  # SQLite: the write transaction itself serialises writers
    open_stage = Case._meta.get_field("open_stage")
    sql = (
        f"SELECT {', '.join(columns)} FROM {_quote(Case._meta.db_table)} c "
        f"LEFT JOIN {_quote(CaseStage._meta.db_table)} s ON s.{_quote(CaseStage._meta.pk.column)} = c.{_quote(open_stage.column)} "
        f"WHERE c.{_quote(Case._meta.pk.column)} = %s{lock}"
    )
    return (
        sql,
        len(case_fields),
        _converters(list(case_fields), Case._meta.db_table),
        _converters(list(stage_fields), CaseStage._meta.db_table),
    )


def lock_case(pk: int) -> Case | None:
    """The case row, locked until the end of the transaction, with its open stage (Case.open_stage) loaded.

    Lock order, everywhere: the case row first, then its stage rows. A transition locks the case here and
    writes its stages later in the same transaction; the deadline sweep locks the cases it will stamp before
    it touches a stage (cases.sweep._lock_cases). Anything else that locks both must keep this order.
    """
    connection = connections[DB]
    sql, width, case_converters, stage_converters = _lock_sql(connection.vendor)
    row = _fetchone(connection, sql, [pk])
    if row is None:
        return None
    case = Case.from_db(DB, None, _convert(list(row[:width]), case_converters))
    stage = None
    if case.open_stage_id is not None:
        stage = CaseStage.from_db(DB, None, _convert(list(row[width:]), stage_converters))
    Case._meta.get_field("open_stage").set_cached_value(case, stage)
    return case


def _fetchone(connection, sql: str, params: list):
    if connection.vendor == "postgresql" and settings.DB_PREPARED_STATEMENTS:
        # A server-side prepared statement: PostgreSQL parses and plans it once per connection (Django's own
        # cursors bind on the client and never prepare). Off behind a pooler that cannot keep them.
        import psycopg

        connection.ensure_connection()
        raw = connection.connection
        if raw.prepare_threshold is None:
            raw.prepare_threshold = 5
        # Errors come out as Django's (IntegrityError, OperationalError…), and a broken connection is noticed
        # and replaced at the end of the request, as with Django's own cursors.
        with connection.wrap_database_errors, psycopg.Cursor(raw) as cursor:
            cursor.execute(sql, params, prepare=True)
            return cursor.fetchone()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


@cache
def _fields(model: type[Model], names: tuple[str, ...]) -> list[Field]:
    return [model._meta.get_field(name) for name in names]


@cache
def _insert_fields(model: type[Model]) -> list[Field]:
    return [f for f in model._meta.concrete_fields if not f.primary_key]


@cache
def _statement(shape: tuple) -> str:
    """One statement writing rows of this shape: (model, None for an insert or the updated fields, and per
    column the position of the batch's insert it refers to, or None for a parameter)."""
    ctes, inserts = [], []
    for n, (model, names, sources) in enumerate(shape):
        table, pk = _quote(model._meta.db_table), _quote(model._meta.pk.column)
        fields = _insert_fields(model) if names is None else _fields(model, names)
        values = ["%s" if source is None else f"(SELECT {_pk(shape[source][0])} FROM w{source})" for source in sources]
        if names is None:
            columns = ", ".join(_quote(f.column) for f in fields)
            ctes.append(f"w{n} AS (INSERT INTO {table} ({columns}) VALUES ({', '.join(values)}) RETURNING {pk})")
            inserts.append(f"(SELECT {pk} FROM w{n})")
        else:
            sets = ", ".join(f"{_quote(f.column)} = {value}" for f, value in zip(fields, values, strict=True))
            ctes.append(f"w{n} AS (UPDATE {table} SET {sets} WHERE {pk} = %s)")
    return f"WITH {', '.join(ctes)} SELECT {', '.join(inserts) or '1'}"


def _pk(model: type[Model]) -> str:
    return _quote(model._meta.pk.column)


class RowWrites:
    """Row inserts and updates collected during one transition and written together by flush().

    One update per row (later fields merge into it: a statement may not change a row twice). Inserted rows
    get their primary keys on flush; a foreign key to a row inserted in the same batch is resolved there.
    """

    def __init__(self) -> None:
        self._updates: dict[int, tuple[Model, list[str]]] = {}
        self._inserts: list[Model] = []

    def update(self, obj: Model, *fields: str) -> None:
        if obj._state.adding and obj.pk is None:
            if obj not in self._inserts:
                self._inserts.append(obj)
            return  # not written yet: the insert carries every field
        _obj, names = self._updates.setdefault(id(obj), (obj, []))
        names.extend(name for name in fields if name not in names)

    def insert(self, obj: Model) -> None:
        self._inserts.append(obj)

    def flush(self) -> None:
        if not self._updates and not self._inserts:
            return
        connection = connections[DB]
        if connection.vendor == "postgresql":
            self._flush_one_statement(connection)
        else:
            self._flush_in_order(connection)
        for obj in self._inserts:
            obj._state.adding, obj._state.db = False, DB
        self._updates.clear()
        self._inserts.clear()

    # -- values ----------------------------------------------------------------------------------

    def _rows(self) -> list[tuple[Model, tuple[str, ...] | None, list[Field]]]:
        """Every row to write, inserts first: (row, None for an insert or the updated fields, the fields)."""
        inserts = [(obj, None, _insert_fields(type(obj))) for obj in self._inserts]
        updates = [(obj, tuple(names), _fields(type(obj), tuple(names))) for obj, names in self._updates.values()]
        return inserts + updates

    def _references(self, rows) -> dict[tuple[int, str], Model]:
        """(id of a row, foreign key column) → the row of this batch's inserts it points at, not yet written.

        Read before any insert, while those rows have no key yet."""
        inserted = {id(obj) for obj in self._inserts}
        found = {}
        for obj, _names, fields in rows:
            for field in fields:
                if field.is_relation and field.is_cached(obj):
                    target = field.get_cached_value(obj)
                    if target is not None and target.pk is None and id(target) in inserted:
                        found[(id(obj), field.attname)] = target
        return found

    @staticmethod
    def _value(obj: Model, field: Field, add: bool, connection):
        return field.get_db_prep_save(field.pre_save(obj, add), connection=connection)

    @staticmethod
    def _point_at_inserted(obj: Model, references: dict[tuple[int, str], Model]) -> None:
        for field in obj._meta.concrete_fields:
            target = references.get((id(obj), field.attname))
            if target is not None:
                setattr(obj, field.attname, target.pk)

    # -- PostgreSQL: one statement ----------------------------------------------------------------

    def _flush_one_statement(self, connection) -> None:
        rows = self._rows()
        references = self._references(rows)
        position = {id(obj): n for n, obj in enumerate(self._inserts)}
        shape, params = [], []
        for obj, names, fields in rows:
            add = names is None
            sources = []
            for field in fields:
                target = references.get((id(obj), field.attname))
                if target is None:
                    sources.append(None)
                    params.append(self._value(obj, field, add, connection))
                else:
                    sources.append(position[id(target)])
            if not add:
                params.append(obj.pk)
            shape.append((type(obj), names, tuple(sources)))
        row = _fetchone(connection, _statement(tuple(shape)), params)
        for obj, pk in zip(self._inserts, row, strict=False):
            obj.pk = pk
        for obj, _names, _fields in rows:
            self._point_at_inserted(obj, references)

    # -- elsewhere (SQLite): one statement per row, inserts first --------------------------------

    def _flush_in_order(self, connection) -> None:
        rows = self._rows()
        references = self._references(rows)
        with connection.cursor() as cursor:
            for obj, names, fields in rows:
                self._point_at_inserted(obj, references)
                add = names is None
                params = [self._value(obj, field, add, connection) for field in fields]
                table, pk = _quote(obj._meta.db_table), _quote(obj._meta.pk.column)
                if add:
                    columns = ", ".join(_quote(f.column) for f in fields)
                    cursor.execute(
                        f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})", params
                    )
                    obj.pk = connection.ops.last_insert_id(cursor, obj._meta.db_table, obj._meta.pk.column)
                else:
                    sets = ", ".join(f"{_quote(f.column)} = %s" for f in fields)
                    cursor.execute(f"UPDATE {table} SET {sets} WHERE {pk} = %s", [*params, obj.pk])
