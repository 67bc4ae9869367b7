"""``newsgen preview --serve``: the preview site on localhost, rebuilt when an input changes.

The server holds the current site in memory and swaps it whole after each rebuild, so a
request never sees half a build. The facts and templates folders are polled for changed
modification times (no dependency, and it works the same on every filesystem); a rebuild
that fails shows its error on every page instead of stopping the server.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Mapping, Sequence
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import unquote, urlsplit

from .preview import CSP, INDEX, error_page

Snapshot = tuple[tuple[str, int, int], ...]
NOT_FOUND = b'<!DOCTYPE html>\n<title>not found</title>\n<p>No such page; see the <a href="/">' \
    b"index</a>.</p>\n"


def snapshot(folders: Sequence[Path]) -> Snapshot:
    """Every file under the folders with its modification time and size."""
    seen: list[tuple[str, int, int]] = []
    for folder in folders:
        for root, dirs, files in os.walk(folder):
            dirs.sort()
            for name in sorted(files):
                path = os.path.join(root, name)
                try:
                    st = os.stat(path)
                except OSError:  # removed while we looked: the next poll sees it gone
                    continue
                seen.append((path, st.st_mtime_ns, st.st_size))
    return tuple(seen)


class PreviewServer(ThreadingHTTPServer):
    """Serves the pages ``build`` returns; ``rebuild`` swaps in a new set."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int],
                 build: Callable[[], Mapping[str, bytes]]) -> None:
        super().__init__(address, _Handler)
        self.build = build
        self.pages: Mapping[str, bytes] = {}
        self.failure: bytes | None = None
        self.rebuild()

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}/"

    def rebuild(self) -> str | None:
        """Build the site again; returns the error, if the build failed."""
        try:
            pages = self.build()
        except Exception as exc:  # shown on the page; the server must live on
            message = f"{type(exc).__name__}: {exc}"
            self.failure = error_page(message)
            return message
        self.pages, self.failure = pages, None
        return None


class _Handler(BaseHTTPRequestHandler):
    server: PreviewServer

    def do_GET(self) -> None:
        self._respond(send_body=True)

    def do_HEAD(self) -> None:
        self._respond(send_body=False)

    def _respond(self, send_body: bool) -> None:
        path = unquote(urlsplit(self.path).path).lstrip("/")
        if path == "" or path.endswith("/"):
            path += INDEX
        failure = self.server.failure
        found = self.server.pages.get(path)
        if failure is not None:
            status, page = HTTPStatus.INTERNAL_SERVER_ERROR, failure
        elif found is not None:
            status, page = HTTPStatus.OK, found
        else:
            status, page = HTTPStatus.NOT_FOUND, NOT_FOUND
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(page)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("Content-Security-Policy", CSP)
        self.end_headers()
        if send_body:
            self.wfile.write(page)

    def log_message(self, format: str, *args: Any) -> None:
        pass  # requests are not news; rebuilds are reported


def watch(server: PreviewServer, folders: Sequence[Path], stop: threading.Event,
          err: TextIO, interval: float = 0.3) -> None:
    """Rebuild whenever a file under ``folders`` is added, removed or changed."""
    last = snapshot(folders)
    while not stop.wait(interval):
        now = snapshot(folders)
        if now == last:
            continue
        last = now
        problem = server.rebuild()
        print(f"newsgen preview: rebuilt{'' if problem is None else ' with an error: ' + problem}",
              file=err, flush=True)


def serve(build: Callable[[], Mapping[str, bytes]], folders: Sequence[Path], port: int,
          err: TextIO, host: str = "127.0.0.1") -> None:
    """Serve until interrupted, rebuilding on changes to the files under ``folders``."""
    server = PreviewServer((host, port), build)
    stop = threading.Event()
    watcher = threading.Thread(target=watch, args=(server, folders, stop, err), daemon=True)
    watcher.start()
    shown = ", ".join(f"{f}/" for f in folders)
    print(f"newsgen preview: serving {server.url} (Ctrl-C to stop); rebuilt when a file "
          f"under {shown} changes", file=err, flush=True)
    try:
        server.serve_forever(poll_interval=0.2)
    finally:
        stop.set()
        server.server_close()
        watcher.join()
