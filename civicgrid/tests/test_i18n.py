from pathlib import Path

import polib
import pytest
from django.conf import settings

# The project catalogue plus one per app that keeps its own (``<app>/locale``),
# so apps built in parallel do not fight over one file.
CATALOGUES = sorted(
    p
    for pattern in ("locale/zh_Hans/LC_MESSAGES/django.po", "*/locale/zh_Hans/LC_MESSAGES/django.po")
    for p in Path(settings.BASE_DIR).glob(pattern)
    if ".venv" not in p.parts
)


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: str(p.relative_to(settings.BASE_DIR)))
def test_every_message_has_a_chinese_translation(po_path):
    po = polib.pofile(str(po_path))
    untranslated = [entry.msgid for entry in po.untranslated_entries()]
    fuzzy = [entry.msgid for entry in po.fuzzy_entries()]
    assert untranslated == []
    assert fuzzy == []


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: str(p.relative_to(settings.BASE_DIR)))
def test_compiled_catalogue_matches_source(po_path):
    po = polib.pofile(str(po_path))
    mo = polib.mofile(str(po_path.with_suffix(".mo")))
    compiled = {(entry.msgctxt, entry.msgid): entry.msgstr or entry.msgstr_plural for entry in mo}
    for entry in po.translated_entries():
        assert (entry.msgctxt, entry.msgid) in compiled, f"{entry.msgid!r}: run scripts/compile_messages.py"
