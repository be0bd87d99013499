import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404

from thidua.core.uploads import staged_discard, staged_load, staged_store

pytestmark = pytest.mark.django_db


def test_only_the_uploader_confirms_for_the_same_import(personas, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    token, path = staged_store(SimpleUploadedFile("dv.xlsx", b"PK\x03\x04data"), personas.chair, kind="members")
    assert staged_load(token, personas.chair, kind="members") == (token, path, "dv.xlsx")
    with pytest.raises(Http404):
        staged_load(token, personas.officer, kind="members")
    with pytest.raises(Http404):
        staged_load(token, personas.chair, kind="initiatives")
    assert staged_load("../../etc/passwd", personas.chair, kind="members") is None
    staged_discard(token)
    assert staged_load(token, personas.chair, kind="members") is None
    assert not path.exists()
