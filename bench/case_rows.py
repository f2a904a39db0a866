"""Shared by the benchmarks that fill the case table in SQL: the column list and value expressions of a case row."""


def case_columns(special: dict) -> tuple[list[str], list[str]]:
    """Every concrete column of Case with its SQL value: `special` gives expressions (None leaves a column out, for
    the id); other columns get NULL, their plain default, or an empty string."""
    from cases.models import Case

    columns, values = [], []
    for f in Case._meta.concrete_fields:
        if f.column in special:
            if special[f.column] is None:
                continue
            expr = special[f.column]
        elif f.null:
            expr = "NULL"
        elif f.has_default() and not callable(f.default):
            default = f.default
            expr = ("TRUE" if default else "FALSE") if isinstance(default, bool) else repr(default)
        else:
            expr = "''"
        columns.append(f.column)
        values.append(expr)
    return columns, values
