"""Refresh every translation catalogue after changing strings, then list what still needs Chinese.

    .venv/bin/python scripts/messages.py            # makemessages + normalise + compile
    .venv/bin/python scripts/messages.py fill.tsv   # also fill empty msgstr from "msgid<TAB>msgstr" lines

Catalogues carry no source locations and no creation date, so two branches that both add strings
merge without conflicts in unrelated lines. Needs GNU gettext's xgettext (Debian: gettext).
"""

import os
import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent


def catalogues() -> list[Path]:
    found = [*ROOT.glob("locale/*/LC_MESSAGES/django.po"), *ROOT.glob("*/locale/*/LC_MESSAGES/django.po")]
    return sorted(p for p in found if ".venv" not in p.parts)


def read_table(path: str) -> dict[str, str]:
    table = {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if "\t" in line:
            msgid, msgstr = line.split("\t", 1)
            table[msgid.replace("\\n", "\n")] = msgstr.replace("\\n", "\n")
    return table


def main() -> None:
    table = read_table(sys.argv[1]) if len(sys.argv) > 1 else {}
    subprocess.run(
        [
            str(ROOT / ".venv/bin/python"),
            "manage.py",
            "makemessages",
            "-l",
            "zh_Hans",
            "--no-location",
            "--ignore",
            ".venv/*",
            "--ignore",
            "staticfiles/*",
            "--ignore",
            "test-artifacts/*",
        ],
        cwd=ROOT,
        check=True,
        env={**os.environ, "DATABASE_URL": ""},
    )
    for path in catalogues():
        po = polib.pofile(str(path))
        for entry in po:
            if "fuzzy" in entry.flags:  # makemessages' guesses are usually wrong: translate again
                entry.flags.remove("fuzzy")
                entry.msgstr, entry.msgstr_plural = "", {k: "" for k in entry.msgstr_plural}
                entry.previous_msgid = entry.previous_msgid_plural = None
            if entry.msgid in table and not entry.translated():  # never overwrite a translation
                if entry.msgid_plural:
                    entry.msgstr_plural = {0: table[entry.msgid]}
                else:
                    entry.msgstr = table[entry.msgid]
        po.metadata.pop("POT-Creation-Date", None)
        po.metadata.update(
            {
                "Language": "zh_Hans",
                "Content-Type": "text/plain; charset=UTF-8",
                "Plural-Forms": "nplurals=1; plural=0;",
            }
        )
        po.save()
        po.save_as_mofile(str(path.with_suffix(".mo")))
        for entry in po.untranslated_entries():
            print(f"{path.relative_to(ROOT)}: untranslated {entry.msgid!r}")


if __name__ == "__main__":
    main()
