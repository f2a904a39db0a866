import json

from django import forms
from django.utils.translation import gettext_lazy as _

from grids.coords import CRS, CRS_LABELS
from grids.io import MAX_FILE_BYTES

CRS_CHOICES = [(crs.value, CRS_LABELS[crs]) for crs in CRS]


class GridImportForm(forms.Form):
    file = forms.FileField(
        label=_("Grid file"),
        help_text=_(
            "GeoJSON FeatureCollection or zipped Shapefile; properties code, name, kind (road / community / unit), "
            "optional parent_code, org_unit_code, population, households."
        ),
    )
    crs = forms.ChoiceField(label=_("Coordinate system of the file"), choices=CRS_CHOICES, initial=CRS.WGS84)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(_("The file is larger than 50 MB."))
        head = upload.read(4)
        upload.seek(0)
        if head[:4] != b"PK\x03\x04" and head[:1] not in (b"{", b"\xef", b" ", b"\n", b"\r", b"\t"):
            raise forms.ValidationError(_("This is neither a GeoJSON file nor a zip archive."))
        return upload


class GridGeometryForm(forms.Form):
    """A new outline: drawn on the map (GeoJSON text) or uploaded as a file."""

    geometry = forms.CharField(label=_("Outline (GeoJSON)"), required=False, widget=forms.HiddenInput)
    file = forms.FileField(label=_("Or upload a GeoJSON file"), required=False)
    crs = forms.ChoiceField(label=_("Coordinate system"), choices=CRS_CHOICES, initial=CRS.WGS84)
    note = forms.CharField(label=_("Reason for the change"), max_length=200)

    def clean(self):
        cleaned = super().clean()
        text = cleaned.get("geometry") or ""
        upload = cleaned.get("file")
        if upload:
            if upload.size > 5 * 1024 * 1024:
                self.add_error("file", _("The file is larger than 5 MB."))
                return cleaned
            text = upload.read().decode("utf-8-sig", "replace")
        if not text.strip():
            self.add_error("geometry", _("Draw the outline on the map or upload a file."))
            return cleaned
        try:
            document = json.loads(text)
        except (json.JSONDecodeError, RecursionError):
            self.add_error("file" if upload else "geometry", _("This is not valid GeoJSON."))
            return cleaned
        if isinstance(document, dict) and document.get("type") == "FeatureCollection":
            features = document.get("features")
            document = features[0] if isinstance(features, list) and len(features) == 1 else None
        if isinstance(document, dict) and document.get("type") == "Feature":
            document = document.get("geometry")
        if not isinstance(document, dict):
            self.add_error("file" if upload else "geometry", _("The file must hold exactly one polygon."))
            return cleaned
        cleaned["geojson"] = document
        return cleaned
