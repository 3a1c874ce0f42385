"""What the desk's tests share: a project (the repository's four careers, with an author's
comments) and a real server on a free port for the browser tests."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from pathlib import Path

from careerbook.options import Options

REPO = Path(__file__).resolve().parents[3]
COMMENT = "# Reviewed by the counseling team, spring term."


DRAFTS = ("content-creator", "filmmaker", "sound-designer")


def make_project(root: Path) -> Path:
    """A copy of the repository's project, with comments the desk must keep and three drafts."""
    shutil.copytree(REPO / "content", root / "content")
    shutil.copy(REPO / "careerbook.yaml", root / "careerbook.yaml")
    producer = root / "content" / "music-producer.yaml"
    text = producer.read_text(encoding="utf-8")
    producer.write_text(
        f"{COMMENT}\n" + text.replace("lang: en\n", "lang: en  # US English\n", 1), encoding="utf-8"
    )
    book = root / "careerbook.yaml"
    book.write_text("# The school's book file.\n" + book.read_text(encoding="utf-8"), encoding="utf-8")
    for slug in DRAFTS:  # careers still being written, as a school's project has some
        career = root / "content" / f"{slug}.yaml"
        career.write_text(career.read_text(encoding="utf-8") + "draft: true\n", encoding="utf-8")
    return root


class DeskServer:
    """The desk served by uvicorn in a thread, on a free port of 127.0.0.1."""

    def __init__(self, root: Path) -> None:
        import uvicorn

        from careerbook.live.desk.app import make_app

        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.app = make_app(root, Options(), self.port)
        self.server = uvicorn.Server(uvicorn.Config(self.app, log_level="warning", lifespan="on"))
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True)

    def start(self) -> DeskServer:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            assert time.monotonic() < deadline, "the desk did not start"
            time.sleep(0.05)
        return self

    def close(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=30)
