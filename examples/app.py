"""A small web app that serves partnerships from ustb-coop, with the standard library alone.

Run ``python examples/app.py`` (the bundled dataset) or ``python examples/app.py
--data examples/partners.toml``, then open http://127.0.0.1:8000/. It serves:

- ``/``: one HTML page of the partnerships with their figures as the library
  states them: years active as an interval, confirmed only to the day a
  source shows, and the student exchange with bounds kept as bounds;
- ``/partnerships.json``: the dataset as ``ustb_coop.dumps`` writes it, with an
  ``ETag`` from ``ustb_coop.fingerprint``; a request whose ``If-None-Match``
  names that tag gets ``304 Not Modified`` and no body, so a client polling it
  downloads the data only when a fact changed.

The app reads the data once, at start; it listens on 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import datetime
import html
import http.server
from pathlib import Path

import ustb_coop as uc

#: The HTML page's template: a title, then one table row per partnership.
PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<link rel="icon" href="data:,">
<title>Partnerships</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 2rem; color: #222; }}
table {{ border-collapse: collapse; }}
th, td {{ border-bottom: 1px solid #ccc; padding: 0.4rem 0.8rem; text-align: left; vertical-align: top; }}
th {{ background: #f3f3f3; }}
p.note {{ color: #555; max-width: 48rem; }}
</style>
</head>
<body>
<h1>Partnerships</h1>
<p class="note">Dataset {version}, facts as of {data_as_of}; years active counted to {as_of}.
A range such as 40&ndash;47 means the sources allow any count in it; nothing after a partnership's
confirmed day is known.</p>
<table>
<thead><tr><th>Partner</th><th>Country</th><th>Since</th><th>Confirmed to</th>
<th>Years active</th><th>Student exchange</th></tr></thead>
<tbody>
{rows}
</tbody>
</table>
</body>
</html>
"""


def page(dataset: uc.Dataset, as_of: datetime.date) -> str:
    """The HTML page of *dataset*'s partnerships, figures counted to *as_of*."""
    rows = []
    for partnership in dataset:
        balance = uc.exchange_balance(partnership)
        cells = (
            partnership.partner.name,
            partnership.partner.country or "",
            str(partnership.started),
            "" if partnership.confirmed is None else str(partnership.confirmed),
            str(uc.years_active(partnership, as_of=as_of)),
            "not reported" if balance is None else str(balance),
        )
        rows.append("<tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in cells) + "</tr>")
    return PAGE.format(
        version=html.escape(dataset.version),
        data_as_of=dataset.as_of,
        as_of=as_of,
        rows="\n".join(rows),
    )


def handler(dataset: uc.Dataset, as_of: datetime.date) -> type[http.server.BaseHTTPRequestHandler]:
    """A request handler class that serves *dataset*."""
    body = uc.dumps(dataset).encode()
    tag = f'"{uc.fingerprint(dataset)}"'
    document = page(dataset, as_of).encode()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path == "/partnerships.json":
                if tag in self.headers.get("If-None-Match", ""):
                    self.send_response(304)
                    self.send_header("ETag", tag)
                    self.end_headers()
                    return
                self._send(body, "application/json", tag)
            elif self.path in ("/", "/index.html"):
                self._send(document, "text/html; charset=utf-8", None)
            else:
                self.send_error(404, "no such page; try / or /partnerships.json")

        def _send(self, content: bytes, kind: str, etag: str | None) -> None:
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(content)))
            if etag is not None:
                self.send_header("ETag", etag)
            self.end_headers()
            self.wfile.write(content)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
            """Quiet: the app prints its address once, not every request."""

    return Handler


def serve(
    dataset: uc.Dataset, port: int = 8000, as_of: datetime.date | None = None
) -> http.server.HTTPServer:
    """A server for *dataset* on 127.0.0.1 (port 0 picks a free one); call ``serve_forever`` on it."""
    day = datetime.date.today() if as_of is None else as_of  # noqa: DTZ011 - a calendar day
    return http.server.ThreadingHTTPServer(("127.0.0.1", port), handler(dataset, day))


def main(argv: list[str] | None = None) -> None:
    """Serve the bundled dataset, or ``--data FILE``, until interrupted."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--data", type=Path, help="a .toml or .json dataset (default: the bundled one)")
    parser.add_argument("--port", type=int, default=8000, help="the port on 127.0.0.1 (default 8000)")
    args = parser.parse_args(argv)
    server = serve(uc.load(args.data), args.port)
    print(f"serving on http://127.0.0.1:{server.server_address[1]}/ (Ctrl-C stops)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
