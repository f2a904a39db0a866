"""Compile locale/*/LC_MESSAGES/django.po (and each app's <app>/locale/…) to .mo without GNU gettext's msgfmt.

The .mo files are committed so that an install needs no gettext tools; run this
after editing a .po file (makemessages needs xgettext, i.e. Debian's gettext).
"""

from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
catalogues = [*ROOT.glob("locale/*/LC_MESSAGES/*.po"), *ROOT.glob("*/locale/*/LC_MESSAGES/*.po")]
for po_path in sorted(p for p in catalogues if ".venv" not in p.parts):
    po = polib.pofile(str(po_path))
    po.save_as_mofile(str(po_path.with_suffix(".mo")))
    print(f"{po_path}: {len(po.translated_entries())} translated, {len(po.untranslated_entries())} untranslated")
