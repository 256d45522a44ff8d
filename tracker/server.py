"""One process, one port: Datasette owns /, Flask answers /api/, /q/, /compare/ and /s/.

A tiny ASGI dispatcher routes by path prefix and caps the bodies Flask gets. Flask runs through asgiref's WsgiToAsgi (as
Flask's docs suggest), so its routes sit outside Datasette's CSRF check and keep their own
error handling; lifespan events go to Datasette, which uses them for its startup hooks.

Slow clients are timed out (README, "Slow clients"): a request's line and headers must
arrive within HEAD_TIMEOUT of the connection (or of the previous response on a kept-alive
one) and be at most HEAD_MAX_BYTES; a body within BODY_TIMEOUT; an idle kept-alive
connection closes after KEEP_ALIVE seconds. uvicorn has the last two as settings; it has
no timeout for a request head that trickles in, which _TimedH11Protocol adds.
"""
import asyncio
import contextvars
import json
import os

import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol
from asgiref.wsgi import WsgiToAsgi

from tracker.publish import datasette_instance
from tracker.web import create_app

FLASK_PREFIXES = ("/api", "/q", "/compare", "/s")
# Datasette's introspection pages that tell a stranger about the process, not the data
# (its threads and asyncio tasks): answered 404 on a public server.
HIDDEN_PATHS = ("/-/threads", "/-/threads.json")
# Datasette's own pages run inline scripts (table column menus, facets), so they cannot take
# the Flask pages' script policy; they get everything that does not break them: no framing
# by other sites, no type sniffing, no plugins, no <base> or form target elsewhere.
DATASETTE_HEADERS = {
    b"content-security-policy": (b"frame-ancestors 'none'; base-uri 'none'; object-src 'none'; "
                                 b"form-action 'self'"),
    b"x-frame-options": b"DENY",
    b"x-content-type-options": b"nosniff",
    b"referrer-policy": b"strict-origin-when-cross-origin",
}
HEAD_TIMEOUT = 10  # seconds for a request line and headers
HEAD_MAX_BYTES = 16 * 1024  # request line and headers (h11's cap on an incomplete event)
BODY_TIMEOUT = 30  # seconds for a whole request body
KEEP_ALIVE = 5  # seconds an idle kept-alive connection stays open
MAX_CONNECTIONS = 1000  # beyond this, new requests answer 503


def _is_flask_path(path):
    return any(path == p or path.startswith(p + "/") for p in FLASK_PREFIXES)


class Dispatcher:
    """Send each request to Flask or Datasette by its path; cap request bodies for Flask."""

    def __init__(self, flask_asgi, datasette_asgi, max_body, body_timeout=BODY_TIMEOUT):
        self.flask = flask_asgi
        self.datasette = datasette_asgi
        self.max_body = max_body
        self.body_timeout = body_timeout

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.datasette(scope, receive, send)
            return
        receive = _with_deadline(receive, asyncio.get_running_loop().time() + self.body_timeout)
        started = False

        async def tracked_send(message):
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            if _is_flask_path(scope["path"]):
                await self._to_flask(scope, receive, tracked_send)
            elif scope["path"] in HIDDEN_PATHS:
                await _json_response(tracked_send, 404, {"error": "not found", "status": 404})
            else:
                await self.datasette(scope, receive, _with_headers(tracked_send, DATASETTE_HEADERS))
        except BodyTimeout:
            if not started:
                await _json_response(send, 408, {
                    "error": f"request body not received within {self.body_timeout:g} s", "status": 408})

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


class BodyTimeout(Exception):
    pass


def _with_deadline(receive, deadline):
    """receive() that raises BodyTimeout when the body is not all there by the deadline."""
    done = False

    async def timed_receive():
        nonlocal done
        if done:  # the body is read: what comes now is a disconnect, which may take its time
            return await receive()
        remaining = deadline - asyncio.get_running_loop().time()
        try:
            message = await asyncio.wait_for(receive(), max(remaining, 0))
        except asyncio.TimeoutError:
            raise BodyTimeout() from None
        if message["type"] != "http.request" or not message.get("more_body", False):
            done = True
        return message

    return timed_receive


def _with_headers(send, extra: dict):
    """send, adding each of extra's headers to the response start unless the app set it."""
    async def send_with_headers(message):
        if message["type"] == "http.response.start":
            present = {name.lower() for name, _ in message.get("headers") or []}
            added = [(name, value) for name, value in extra.items() if name not in present]
            message = dict(message, headers=list(message.get("headers") or []) + added)
        await send(message)
    return send_with_headers


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


def build_app(db_path, api_token=None, test_config=None, base_url=None):
    """The combined ASGI app over db_path; api_token (else TRACKER_API_TOKEN) enables writes;
    base_url (else TRACKER_BASE_URL) is the public address permalinks are built on."""
    datasette = datasette_instance(db_path)  # creates and shapes the file when missing
    config = {"DATABASE": str(db_path),
              "API_TOKEN": api_token or os.environ.get("TRACKER_API_TOKEN") or None}
    if base_url or os.environ.get("TRACKER_BASE_URL"):
        config["BASE_URL"] = base_url or os.environ["TRACKER_BASE_URL"]
    config.update(test_config or {})
    flask_app = create_app(config)
    return Dispatcher(WsgiToAsgi(flask_app), datasette.app(),
                      flask_app.config["MAX_CONTENT_LENGTH"],
                      flask_app.config.get("BODY_TIMEOUT", BODY_TIMEOUT))


class _TimedH11Protocol(H11Protocol):
    """uvicorn's h11 protocol, closing a connection whose request head has not arrived
    within head_timeout: after connecting, and when a new request starts trickling in on a
    kept-alive connection (uvicorn cancels its keep-alive timer on the first byte)."""

    head_timeout = HEAD_TIMEOUT

    def connection_made(self, transport):
        super().connection_made(transport)
        self._head_timer = None
        self._arm_head_timer()

    def _arm_head_timer(self):
        if self._head_timer is None:
            self._head_timer = self.loop.call_later(self.head_timeout, self._head_timed_out)

    def _disarm_head_timer(self):
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _waiting_for_head(self):
        return self.cycle is None or self.cycle.response_complete

    def data_received(self, data):
        cycle = self.cycle
        super().data_received(data)
        if self.cycle is not cycle:  # a whole request head came in
            self._disarm_head_timer()
        elif self._waiting_for_head():  # part of one: it has head_timeout to finish
            self._arm_head_timer()

    def _head_timed_out(self):
        self._head_timer = None
        if self._waiting_for_head() and not self.transport.is_closing():
            self.transport.close()

    def connection_lost(self, exc):
        self._disarm_head_timer()
        super().connection_lost(exc)


def uvicorn_settings(head_timeout=HEAD_TIMEOUT):
    """uvicorn.Config keyword arguments for the limits above."""
    protocol = type("TimedH11Protocol", (_TimedH11Protocol,), {"head_timeout": head_timeout})
    return {
        "http": protocol,
        "timeout_keep_alive": KEEP_ALIVE,
        "h11_max_incomplete_event_size": HEAD_MAX_BYTES,
        "limit_concurrency": MAX_CONNECTIONS,
        "proxy_headers": False,
    }


def serve(db_path, host="127.0.0.1", port=8001, api_token=None, base_url=None):
    """Run the combined app with uvicorn (installed with Datasette) until interrupted."""
    uvicorn.run(build_app(db_path, api_token, base_url=base_url or f"http://{host}:{port}"),
                host=host, port=port, log_level="info",
                **uvicorn_settings())
