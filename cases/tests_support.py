"""Small generated media for demo data and tests (no binary files in the repository)."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw


def demo_photo(rng=None, *, after: bool = False) -> SimpleUploadedFile:
    """A 320×240 JPEG that looks like a placeholder street photo: grey before, green after."""
    shade = rng.randint(90, 150) if rng else 120
    color = (60, 150, 80) if after else (shade, shade - 10, shade - 20)
    image = Image.new("RGB", (320, 240), color)
    draw = ImageDraw.Draw(image)
    draw.rectangle([20, 150, 300, 220], fill=(200, 200, 200))
    draw.ellipse([120, 60, 200, 140], fill=(240, 240, 240) if after else (80, 60, 40))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return SimpleUploadedFile("after.jpg" if after else "before.jpg", buffer.getvalue(), content_type="image/jpeg")
