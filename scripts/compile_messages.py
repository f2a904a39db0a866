"""Compile every translation catalogue (locale/… and each app's <app>/locale/…) to .mo without GNU gettext.

The .mo files are committed so that an install needs no gettext tools; scripts/messages.py does this
too after refreshing the catalogues (which needs xgettext, i.e. Debian's gettext).
"""

import polib
from messages import catalogues

for po_path in catalogues():
    po = polib.pofile(str(po_path))
    po.save_as_mofile(str(po_path.with_suffix(".mo")))
    print(f"{po_path}: {len(po.translated_entries())} translated, {len(po.untranslated_entries())} untranslated")
