"""The virus checker fails closed (SECURITY.md 9): against a stand-in ClamAV daemon on loopback that speaks INSTREAM
and answers clean, infected, an error, or nothing at all, a file is released only on a clean answer; every other
answer leaves it blocked until a retry passes."""

from __future__ import annotations

import socket
import socketserver
import struct
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest

from workforce_hub.portfolios import files, services
from workforce_hub.portfolios.models import Evidence, LearningRecord, released

from .test_screening import _pdf

ANSWERS = {
    "clean": b"stream: OK\0",
    "infected": b"stream: Win.Test.EICAR_HDB-1 FOUND\0",
    "error": b"INSTREAM size limit exceeded. ERROR\0",
}


class FakeClamd(socketserver.ThreadingTCPServer):
    """Reads one INSTREAM command to its end (chunks of a 4-byte length, then a zero length) and answers as told."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.answer = "clean"
        self.received: list[bytes] = []
        self.stop_waiting = threading.Event()


class _Handler(socketserver.BaseRequestHandler):
    server: FakeClamd

    def _read(self, n: int) -> bytes:
        data = b""
        while len(data) < n:
            part = self.request.recv(n - len(data))
            if not part:
                raise ConnectionError("closed")
            data += part
        return data

    def handle(self) -> None:
        assert self._read(len(b"zINSTREAM\0")) == b"zINSTREAM\0"
        content = b""
        while length := struct.unpack("!L", self._read(4))[0]:
            content += self._read(length)
        self.server.received.append(content)
        if self.server.answer == "timeout":
            self.server.stop_waiting.wait(5)  # says nothing; the scanner's own time limit must end the wait
            return
        self.request.sendall(ANSWERS[self.server.answer])


@pytest.fixture
def clamd(settings: Any) -> Iterator[FakeClamd]:
    server = FakeClamd()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.EVIDENCE_SCANNER = {
        "BACKEND": "workforce_hub.portfolios.files.ClamdScanner",
        "OPTIONS": {"port": server.server_address[1], "timeout": 0.5},
    }
    yield server
    server.stop_waiting.set()
    server.shutdown()
    server.server_close()


def _note(text: str) -> tuple[str, bytes]:
    return ("note.pdf", _pdf(text))


@pytest.mark.parametrize(("answer", "scan"), [("clean", "clean"), ("infected", "infected")])
def test_the_daemon_is_sent_the_whole_file_and_its_answer_is_read(clamd: FakeClamd, answer: str, scan: str) -> None:
    clamd.answer = answer
    content = b"x" * 200_000  # more than three INSTREAM chunks
    assert files.get_scanner().scan(content) == scan
    assert clamd.received == [content]


@pytest.mark.parametrize("answer", ["error", "timeout"])
def test_an_error_or_no_answer_raises(clamd: FakeClamd, answer: str) -> None:
    clamd.answer = answer
    started = time.monotonic()
    with pytest.raises(files.ScannerError):
        files.get_scanner().scan(b"hello")
    assert time.monotonic() - started < 3  # the scanner's time limit (0.5 s here), not the daemon, ends the wait


def test_nothing_listening_raises(settings: Any) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # free now, and nothing listens on it
    settings.EVIDENCE_SCANNER = {"BACKEND": files.ClamdScanner.__module__ + ".ClamdScanner", "OPTIONS": {"port": port}}
    with pytest.raises(files.ScannerError, match="could not be reached"):
        files.get_scanner().scan(b"hello")


@pytest.mark.django_db
@pytest.mark.parametrize(("answer", "scan"), [("infected", "infected"), ("error", "error"), ("timeout", "error")])
def test_evidence_is_released_only_on_a_clean_answer(
    world: Any, record: LearningRecord, clamd: FakeClamd, answer: str, scan: str
) -> None:
    apprentice, tutor = world.users["apprentice"], world.users["tutor"]
    clamd.answer = answer
    item = services.evidence_add(actor=apprentice, record=record, title="Notes", upload=_note("fine"), criteria=[])
    assert item.scan == scan and item.is_quarantined
    assert not Evidence.objects.visible_to(tutor).filter(pk=item.pk).exists()
    assert not Evidence.objects.filter(released(), pk=item.pk).exists()
    if scan == "infected":
        return
    # the apprentice tries again while the checker still fails: still blocked
    assert services.evidence_rescan(actor=apprentice, evidence=item) == "error"
    assert not Evidence.objects.visible_to(tutor).filter(pk=item.pk).exists()
    # the checker answers again: released
    clamd.answer = "clean"
    assert services.evidence_rescan(actor=apprentice, evidence=item) == "clean"
    assert Evidence.objects.visible_to(tutor).filter(pk=item.pk).exists()
    assert clamd.received[-1] == item.file.open("rb").read()


@pytest.mark.django_db
def test_an_infected_file_cannot_be_tried_again(world: Any, record: LearningRecord, clamd: FakeClamd) -> None:
    from django.core.exceptions import ValidationError

    clamd.answer = "infected"
    apprentice = world.users["apprentice"]
    item = services.evidence_add(actor=apprentice, record=record, title="Notes", upload=_note("bad"), criteria=[])
    with pytest.raises(ValidationError, match="Only a check that failed"):
        services.evidence_rescan(actor=apprentice, evidence=item)
