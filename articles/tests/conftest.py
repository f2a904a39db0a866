import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from accounts.models import User


def picture(color=(180, 90, 60)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (80, 60), color).save(buffer, "JPEG")
    return SimpleUploadedFile("picture.jpg", buffer.getvalue(), content_type="image/jpeg")


@pytest.fixture
def editor(db):
    return User.objects.get(username="assessor")


@pytest.fixture
def editor_client(editor):
    client = Client()
    client.force_login(editor)
    return client
