"""One process, one port: Datasette owns /, Flask answers /api/, /q/ and /compare/.

A tiny ASGI dispatcher routes by path prefix and caps the bodies Flask gets. Flask runs through asgiref's WsgiToAsgi (as
Flask's docs suggest), so its routes sit outside Datasette's CSRF check and keep their own
error handling; lifespan events go to Datasette, which uses them for its startup hooks.
"""
import asyncio
import contextvars
import json
import os

import uvicorn
from asgiref.wsgi import WsgiToAsgi

from tracker.publish import datasette_instance
from tracker.web import create_app

FLASK_PREFIXES = ("/api", "/q", "/compare")


def _is_flask_path(path):
    return any(path == p or path.startswith(p + "/") for p in FLASK_PREFIXES)


class Dispatcher:
    """Send each request to Flask or Datasette by its path; cap request bodies for Flask."""

    def __init__(self, flask_asgi, datasette_asgi, max_body):
        self.flask = flask_asgi
        self.datasette = datasette_asgi
        self.max_body = max_body

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and _is_flask_path(scope["path"]):
            await self._to_flask(scope, receive, send)
        else:
            await self.datasette(scope, receive, send)

    async def _to_flask(self, scope, receive, send):
        """Read the body here, within the limit, and hand Flask a body with a Content-Length.

        Why: WsgiToAsgi would spool any size of body before Flask could refuse it, and Werkzeug
        reads a chunked body (no Content-Length) as empty.
        """
        headers = [(k, v) for k, v in scope.get("headers") or []]
        declared = dict(headers).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > self.max_body:
            # read (and drop) a body of moderate size first, so the client is not cut off
            # mid-upload and sees the 413 rather than a reset connection
            if int(declared) <= DRAIN_LIMIT:
                await _drain(receive)
            await self._too_large(send)
            return
        body = bytearray()
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body += message.get("body", b"")
            if len(body) > self.max_body:
                if message.get("more_body", False):
                    await _drain(receive, DRAIN_LIMIT - len(body))
                await self._too_large(send)
                return
            if not message.get("more_body", False):
                break
        headers = [(k, v) for k, v in headers if k not in (b"content-length", b"transfer-encoding")]
        headers.append((b"content-length", str(len(body)).encode()))
        delivered = False

        async def replay():
            nonlocal delivered
            if not delivered:
                delivered = True
                return {"type": "http.request", "body": bytes(body), "more_body": False}
            return await receive()

        # A fresh context: asgiref (3.9+) leaves its per-thread executor in the context of the
        # task that sends a response, and uvicorn starts the next pipelined request on that
        # connection from inside that send; inheriting it fails with "CurrentThreadExecutor
        # already quit or is broken" (django/asgiref#491, #526).
        await asyncio.create_task(
            self.flask(dict(scope, headers=headers), replay, send), context=contextvars.Context()
        )

    async def _too_large(self, send):
        await _json_response(send, 413, {
            "error": f"request body too large (limit {self.max_body} bytes)", "status": 413,
        })


DRAIN_LIMIT = 16 * 1024 * 1024  # beyond this a too-large upload is cut off, not read


async def _drain(receive, limit=DRAIN_LIMIT):
    """Read the rest of a request body without keeping it, up to limit bytes."""
    seen = 0
    while seen <= limit:
        message = await receive()
        if message["type"] == "http.disconnect":
            return
        seen += len(message.get("body", b""))
        if not message.get("more_body", False):
            return


async def _json_response(send, status, body):
    data = json.dumps(body).encode()
    await send({
        "type": "http.response.start",
        "status": status,
        "headers": [(b"content-type", b"application/json"),
                    (b"content-length", str(len(data)).encode()),
                    (b"connection", b"close")],
    })
    await send({"type": "http.response.body", "body": data})


def build_app(db_path, api_token=None, test_config=None):
    """The combined ASGI app over db_path; api_token (else TRACKER_API_TOKEN) enables writes."""
    datasette = datasette_instance(db_path)  # creates and shapes the file when missing
    config = {"DATABASE": str(db_path),
              "API_TOKEN": api_token or os.environ.get("TRACKER_API_TOKEN") or None}
    config.update(test_config or {})
    flask_app = create_app(config)
    return Dispatcher(WsgiToAsgi(flask_app), datasette.app(),
                      flask_app.config["MAX_CONTENT_LENGTH"])


def serve(db_path, host="127.0.0.1", port=8001, api_token=None):
    """Run the combined app with uvicorn (installed with Datasette) until interrupted."""
    uvicorn.run(build_app(db_path, api_token), host=host, port=port, log_level="info",
                proxy_headers=False)
