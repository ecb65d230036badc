"""Progress photos (§4.5): the upload decoded with Pillow (the content check — a file is a photo when Pillow
decodes it as JPEG or PNG, whatever its name says), then re-encoded from its pixels alone, so EXIF (GPS
position, camera, owner), XMP and comments are gone; the EXIF orientation is applied first so the photo
stands as it was taken. A thumbnail beside it. No database here: the service stores what this answers."""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from renda.core.errors import ApplicationError
from renda.livelihood import rules

_SAVE = {"JPEG": ("jpg", "image/jpeg"), "PNG": ("png", "image/png")}


@dataclass(frozen=True)
class CleanPhoto:
    image: bytes
    thumbnail: bytes
    extension: str
    content_type: str
    width: int
    height: int


def _encode(img: Image.Image, fmt: str) -> bytes:
    out = io.BytesIO()
    if fmt == "JPEG":
        img.convert("RGB").save(out, "JPEG", quality=85, optimize=True)
    else:
        if img.mode not in ("RGB", "RGBA", "L", "LA", "P"):
            img = img.convert("RGBA")
        img.save(out, "PNG", optimize=True)
    return out.getvalue()


def clean(data: bytes, *, field: str = "photos") -> CleanPhoto:
    """The photo `data` re-encoded without its metadata, and its thumbnail; ApplicationError (a clear
    message) for anything that is not a JPEG or PNG photo, too large a file or too many pixels."""
    if len(data) > rules.PHOTO_MAX_BYTES:
        raise ApplicationError(
            _("照片过大（每张不超过 %(mb)s MB）") % {"mb": rules.PHOTO_MAX_BYTES // (1024 * 1024)},
            field=field,
        )
    not_photo = _("只能上传 JPEG 或 PNG 格式的照片，该文件不是照片")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            probe = Image.open(io.BytesIO(data))
            fmt = probe.format
            if fmt not in rules.PHOTO_FORMATS:
                raise ApplicationError(not_photo, field=field)
            if probe.width * probe.height > rules.PHOTO_MAX_PIXELS:
                raise ApplicationError(_("照片像素过多"), field=field)
            probe.verify()  # the whole file, not only its header
            img: Image.Image = Image.open(io.BytesIO(data))
            img.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombWarning,
            Image.DecompressionBombError) as exc:  # fmt: skip
        raise ApplicationError(not_photo, field=field) from exc
    img = ImageOps.exif_transpose(img) or img  # stand the photo up, then forget the EXIF
    if img.mode not in ("RGB", "RGBA", "L", "LA"):
        img = img.convert("RGBA" if "transparency" in img.info or img.mode in ("PA", "P") else "RGB")
    pixels = Image.frombytes(img.mode, img.size, img.tobytes())  # the pixels alone: no info, no EXIF
    pixels.thumbnail((rules.PHOTO_MAX_SIDE, rules.PHOTO_MAX_SIDE))
    thumb = pixels.copy()
    thumb.thumbnail((rules.THUMB_SIDE, rules.THUMB_SIDE))
    extension, content_type = _SAVE[str(fmt)]
    return CleanPhoto(
        image=_encode(pixels, str(fmt)),
        thumbnail=_encode(thumb, str(fmt)),
        extension=extension,
        content_type=content_type,
        width=pixels.width,
        height=pixels.height,
    )
