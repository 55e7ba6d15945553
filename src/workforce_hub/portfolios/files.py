"""Checking uploaded evidence files: allowed types by content (magic bytes), size caps, Word archive caps, text
extraction for screening, pictures re-encoded without metadata, and the malware-scanner interface (fails closed).
"""

from __future__ import annotations

import io
import json
import socket
import struct
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import PurePath
from typing import Protocol

import puremagic
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.module_loading import import_string

from . import extract
from .screening import lines_of

MAX_BYTES = 10 * 1024 * 1024
MAX_DOCX_ENTRIES = extract.MAX_DOCX_ENTRIES
MAX_DOCX_UNCOMPRESSED = 50 * 1024 * 1024
#: checked from the picture's header before any pixel is decoded: 24 megapixels is 6000 × 4000, more than a phone
#: camera saves by default, and about 100 MB once decoded (Pillow's own limit, 89 megapixels, is 4 times that)
MAX_IMAGE_PIXELS = 24_000_000
#: the extraction child's limits: wall-clock seconds, address space and CPU seconds
EXTRACT_TIMEOUT = 30
EXTRACT_MEMORY = 768 * 1024 * 1024
EXTRACT_CPU_SECONDS = 20
_TOO_COSTLY = "This file takes too long to check. Save it again as a smaller file, or split it, and upload it."

#: extension → (magic extensions puremagic may report, content type)
ALLOWED = {
    ".pdf": ({".pdf"}, "application/pdf"),
    ".docx": ({".docx"}, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ".jpg": ({".jpg", ".jpeg", ".jfif"}, "image/jpeg"),
    ".jpeg": ({".jpg", ".jpeg", ".jfif"}, "image/jpeg"),
    ".png": ({".png"}, "image/png"),
}
IMAGE_TYPES = {".jpg", ".jpeg", ".png"}


@dataclass(frozen=True)
class CheckedFile:
    content: bytes
    extension: str
    content_type: str
    is_image: bool


def check_upload(name: str, content: bytes) -> CheckedFile:
    """Refuse anything that is not what it claims to be, or too big. Pictures come back re-encoded, metadata gone."""
    ext = PurePath(name).suffix.lower()
    if ext not in ALLOWED:
        raise ValidationError("Upload a PDF, a Word document (.docx) or a picture (.jpg or .png).", code="type")
    if not content:
        raise ValidationError("The file is empty.", code="empty")
    if len(content) > MAX_BYTES:
        raise ValidationError(f"The file must be smaller than {MAX_BYTES // (1024 * 1024)} MB.", code="size")
    magic_exts, content_type = ALLOWED[ext]
    try:
        detected = {m.extension.lower() for m in puremagic.magic_string(content)}
    except puremagic.PureError:
        detected = set()
    if not detected & magic_exts:
        raise ValidationError(
            f"The file's contents do not match its name ({ext}). Save it again as {ext} and upload it.",
            code="mismatch",
        )
    if ext == ".docx":
        _check_docx_archive(content)
    if ext in IMAGE_TYPES:
        return CheckedFile(_reencode_image(content, ext), ext, content_type, True)
    return CheckedFile(content, ext, content_type, False)


def _check_docx_archive(content: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            entries = archive.infolist()
            if len(entries) > MAX_DOCX_ENTRIES:
                raise ValidationError("The Word document has too many parts to check.", code="archive")
            if sum(e.file_size for e in entries) > MAX_DOCX_UNCOMPRESSED:
                raise ValidationError("The Word document is too large to check once unpacked.", code="archive")
            if "word/document.xml" not in archive.namelist():
                raise ValidationError("This is not a Word document.", code="mismatch")
    except zipfile.BadZipFile as exc:
        raise ValidationError("The Word document is damaged and cannot be read.", code="damaged") from exc


def _reencode_image(content: bytes, ext: str) -> bytes:
    """Copy only the pixels into a new picture: EXIF, GPS and every other piece of metadata are left behind."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    # Pillow's own guard stays on as a backstop, above ours so that ours (with the picture's size) answers first
    Image.MAX_IMAGE_PIXELS = 4 * MAX_IMAGE_PIXELS
    try:
        with Image.open(io.BytesIO(content)) as original:
            width, height = original.size
            if width * height > MAX_IMAGE_PIXELS:
                raise ValidationError(
                    f"The picture is too large to check ({width:,} × {height:,} pixels). Make it smaller than "
                    f"{MAX_IMAGE_PIXELS // 1_000_000} megapixels (for example 6,000 × 4,000) and upload it.",
                    code="size",
                )
            original.load()
            upright = ImageOps.exif_transpose(original)
            mode = "RGB" if ext in (".jpg", ".jpeg") else ("RGBA" if "A" in upright.getbands() else "RGB")
            pixels = upright.convert(mode)
            clean = Image.new(mode, pixels.size)
            clean.paste(pixels)
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
        raise ValidationError("The picture is damaged or too large and cannot be read.", code="damaged") from exc
    out = io.BytesIO()
    clean.save(out, format="JPEG" if mode == "RGB" and ext in (".jpg", ".jpeg") else "PNG", quality=90)
    return out.getvalue()


def extract_text(content: bytes, extension: str) -> list[tuple[str, str]]:
    """The text of a PDF (by page and line) or a Word document (by part and paragraph), for screening.

    Runs `extract.py` in a child process with a memory and CPU limit and a time-out, so a file built to exhaust
    either ends only the child; anything the child cannot read comes back as a plain-English ValidationError."""
    if extension not in (".pdf", ".docx"):
        return []
    try:
        done = subprocess.run(  # noqa: S603 (our own file, run with our own Python; the upload goes on stdin)
            [sys.executable, "-I", extract.__file__, extension, str(EXTRACT_MEMORY), str(EXTRACT_CPU_SECONDS)],
            input=content,
            capture_output=True,
            timeout=EXTRACT_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise ValidationError(_TOO_COSTLY, code="size") from exc
    if done.returncode != 0:
        # killed by the CPU limit, or out of memory outside Python's reach
        raise ValidationError(_TOO_COSTLY, code="size")
    result = json.loads(done.stdout)
    if isinstance(result, dict):
        raise ValidationError(result["error"], code=result["code"])
    if extension == ".pdf":  # by page from the child; by page and line for the uploader
        return [line for page, text in result for line in lines_of(text, f"{page}, ")]
    return [(place, text) for place, text in result]


@dataclass(frozen=True)
class ReadUpload:
    checked: CheckedFile
    #: (place, text) for screening; empty for a picture
    places: list[tuple[str, str]]

    @property
    def unreadable(self) -> bool:
        """A picture, or a PDF with no text layer (a scan), cannot be screened: the uploader's word stands in."""
        return self.checked.is_image or not any(text.strip() for _, text in self.places)


def read_upload(name: str, content: bytes) -> ReadUpload:
    """Check an upload (`check_upload`) and extract its text for screening (`extract_text`)."""
    checked = check_upload(name, content)
    return ReadUpload(checked, [] if checked.is_image else extract_text(checked.content, checked.extension))


# ------------------------------------------------------------------------------------------ malware scanning


class Scanner(Protocol):
    def scan(self, content: bytes) -> str:
        """Return "clean" or "infected"; raise on any failure (the file then stays blocked)."""


class ScannerError(Exception):
    pass


EICAR = b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


class SignatureScanner:
    """Development scanner: blocks the EICAR test file only. Production settings use ClamAV (`ClamdScanner`)."""

    def scan(self, content: bytes) -> str:
        return "infected" if EICAR in content else "clean"


class ClamdScanner:
    """ClamAV's daemon over TCP (INSTREAM). Any error or time-out raises, so the file stays blocked."""

    def __init__(self, host: str = "127.0.0.1", port: int = 3310, timeout: float = 30.0) -> None:
        self.host, self.port, self.timeout = host, port, timeout

    def scan(self, content: bytes) -> str:
        try:
            with socket.create_connection((self.host, self.port), timeout=self.timeout) as conn:
                conn.sendall(b"zINSTREAM\0")
                for i in range(0, len(content), 65536):
                    chunk = content[i : i + 65536]
                    conn.sendall(struct.pack("!L", len(chunk)) + chunk)
                conn.sendall(struct.pack("!L", 0))
                reply = conn.recv(4096).decode("ascii", "replace").strip("\0\n ")
        except OSError as exc:
            raise ScannerError("The virus checker could not be reached.") from exc
        if reply.endswith("OK"):
            return "clean"
        if reply.endswith("FOUND"):
            return "infected"
        raise ScannerError("The virus checker gave an unexpected answer.")


def get_scanner() -> Scanner:
    spec = getattr(settings, "EVIDENCE_SCANNER", {"BACKEND": "workforce_hub.portfolios.files.SignatureScanner"})
    return import_string(spec["BACKEND"])(**spec.get("OPTIONS", {}))  # type: ignore[no-any-return]
