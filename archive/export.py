"""The archive as assessors ask for it: a zip with one folder per indicator (named like the tree, e.g.
`A01 公益宣传/…`), a folder per material inside it with its current files and the files of the records it links,
and an index workbook at the top.

The zip is streamed (zipstream-ng, entries stored, not compressed: PDFs, photos and Office files are compressed
already): a file is read from storage only when its turn comes, so an export of gigabytes holds one chunk in
memory at a time. Only the index (one row per material) is built in memory before it is sent.

Every name in the zip is made here from a title or label, never taken as a path: slashes, backslashes, `..`,
drive colons and control characters are replaced, so no entry can land outside the folder it is unpacked into.
"""

import io
import re
import unicodedata
from collections.abc import Iterator

from django.core.files.storage import default_storage
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from zipstream import ZIP_STORED, ZipStream

from archive.models import ArchiveMaterial, MaterialFile
from archive.selectors import indicator_tree
from civicgrid.spreadsheets import safe_row

CHUNK = 256 * 1024
UNSAFE = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]')
MAX_SEGMENT = 80


def clean_segment(text: str) -> str:
    """One path segment of the zip, safe on Windows and Unix whatever the text was."""
    text = UNSAFE.sub("_", unicodedata.normalize("NFC", str(text))).strip().strip(".").strip()
    text = text[:MAX_SEGMENT].strip()
    return text if text and text not in (".", "..") else "_"


def _unique(path: str, used: set[str]) -> str:
    if path.lower() not in used:
        used.add(path.lower())
        return path
    stem, dot, extension = path.rpartition(".")
    if not dot or "/" in extension:
        stem, extension = path, ""
    number = 2
    while True:
        candidate = f"{stem} ({number}).{extension}" if extension else f"{stem} ({number})"
        if candidate.lower() not in used:
            used.add(candidate.lower())
            return candidate
        number += 1


def _chunks(path: str) -> Iterator[bytes]:
    try:
        with default_storage.open(path, "rb") as handle:
            while chunk := handle.read(CHUNK):
                yield chunk
    except FileNotFoundError:
        return


def _folder_of(code: str, tree: dict) -> str:
    node = tree.get(code)
    if node is None:
        return f"{clean_segment(_('Not in the scheme in use'))}/{clean_segment(code)}"
    return "/".join(clean_segment(label) for label in node.labels)


def _materials(materials: QuerySet[ArchiveMaterial]):
    current = MaterialFile.objects.filter(is_current=True).order_by("name")
    return (
        materials.select_related("owner", "org_unit")
        .prefetch_related(Prefetch("files", queryset=current, to_attr="current_files"), "links")
        .order_by("indicator_code", "title", "pk")
        .iterator(chunk_size=500)
    )


def archive_zip(*, user, materials: QuerySet[ArchiveMaterial]) -> ZipStream:
    """The zip of `materials` (already limited to what `user` may see), ready to stream."""
    from archive.services import evidence_sources

    tree = indicator_tree()
    sources = evidence_sources()
    stream = ZipStream(compress_type=ZIP_STORED, sized=False)
    used: set[str] = set()
    folders: set[str] = set()
    rows = []
    for material in _materials(materials):
        folder = _folder_of(material.indicator_code, tree)
        parts = folder.split("/")
        for depth in range(1, len(parts) + 1):
            parent = "/".join(parts[:depth])
            if parent not in folders:
                folders.add(parent)
                used.add(parent.lower())
                stream.mkdir(parent)
        base = _unique(f"{folder}/{clean_segment(material.title)}", used)
        names = []
        for row in material.current_files:
            arcname = _unique(f"{base}/{clean_segment(row.name)}", used)
            stream.add(_chunks(row.file.name), arcname)
            names.append(f"{row.name} (v{row.version})")
        if material.note.strip():
            stream.add(material.note.encode("utf-8"), _unique(f"{base}/{clean_segment(_('Record'))}.txt", used))
        linked = []
        for link in material.links.all():
            source = sources.get(link.source)
            ref = source.resolve(user, link.ref_id) if source else None
            if ref is None:
                linked.append(f"{link.title} ({_('not available')})")
                continue
            linked.append(f"{source.label} · {ref.title}")
            sub = _unique(f"{base}/{clean_segment(f'{source.label} {ref.title}')}", used)
            for evidence_file in ref.files:
                stream.add(_chunks(evidence_file.path), _unique(f"{sub}/{clean_segment(evidence_file.name)}", used))
        if not names and not material.note.strip() and not linked:
            stream.mkdir(base)
        rows.append(_index_row(material, tree, base, names, linked))
    stream.add(_index_workbook(rows), f"{clean_segment(_('Archive index'))}.xlsx")
    return stream


def _index_row(material: ArchiveMaterial, tree: dict, folder: str, names: list, linked: list) -> list:
    node = tree.get(material.indicator_code)
    return [
        material.indicator_code,
        node.name if node else "",
        material.title,
        material.get_kind_display(),
        material.org_unit.name,
        str(material.owner) if material.owner else "",
        material.due_on.isoformat() if material.due_on else "",
        material.get_status_display(),
        material.reject_reason,
        "\n".join(names),
        "\n".join(linked),
        folder + "/",
    ]


def _index_workbook(rows: list) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Archive index"))
    sheet.append(
        [
            _("Indicator code"),
            _("Indicator"),
            _("Material"),
            _("Kind"),
            _("Unit"),
            _("Owner"),
            _("Due on"),
            _("Status"),
            _("Reason for rejection"),
            _("Files"),
            _("Linked records"),
            _("Folder in the zip"),
        ]
    )
    for row in rows:
        sheet.append(safe_row(sheet, row))
    sheet.append([])
    sheet.append(safe_row(sheet, [_("Exported at"), timezone.localtime().strftime("%Y-%m-%d %H:%M")]))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
