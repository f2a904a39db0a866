"""Put the parsed catalogue (cases.catalogue) into the database; used by the seed migration and load_categories."""

from cases.catalogue import CategorySpec


def category_code(spec: CategorySpec) -> str:
    return f"{spec.kind}-{spec.minor_code or spec.major_code}"


def load_specs(specs: list[CategorySpec], *, Category, FilingCondition) -> tuple[int, int]:
    """Create missing categories with their conditions; leave existing ones alone (admins may have edited them).

    Takes the model classes so the data migration can pass its historical models. Returns (created, kept).
    """
    existing = set(Category.objects.values_list("code", flat=True))
    created = 0
    for spec in specs:
        code = category_code(spec)
        if code in existing:
            continue
        category = Category.objects.create(
            kind=spec.kind,
            code=code,
            major_code=spec.major_code,
            major_name=spec.major_name,
            minor_code=spec.minor_code,
            minor_name=spec.minor_name,
            source=spec.source,
        )
        FilingCondition.objects.bulk_create(
            [
                FilingCondition(
                    category=category,
                    position=position,
                    text=(
                        f"{condition.text}（{condition.limit_qualifier}）"
                        if condition.limit_qualifier
                        else condition.text
                    )[:300],
                    limit=condition.limit,
                    unit=condition.unit,
                    urgent=condition.urgent,
                    closing=condition.closing[:300],
                )
                for position, condition in enumerate(spec.conditions)
            ]
        )
        created += 1
    return created, len(specs) - created
