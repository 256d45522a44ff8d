"""Fetching http(s) URLs politely: one try, a timeout, a size cap, a clear User-Agent.

A host that fails to answer (refused, timed out, unknown name) is not tried again within
the same Fetcher, so a feed of a hundred links to a dead site costs one timeout, not a
hundred.

Only public addresses are fetched unless allow_private is set (`tracker ingest
--allow-private-urls`): a feed entry's link or a redirect could otherwise make ingest read a
service on this machine or its network (loopback, private, link-local such as a cloud
metadata service) and publish what it answered. The host is resolved, every address it
resolves to is checked, and the connection goes to a checked address, on every redirect
too; connections are direct (no proxy), so the address checked is the one connected to.
Besides the timeout for each read, a fetch has a total deadline: a server that sends a
byte a second cannot hold a fetch for minutes.
"""
import http.client
import ipaddress
import socket
import threading
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Optional, Union
from urllib.parse import urlsplit

from tracker.readers.base import (MAX_URL_BYTES, URL_DEADLINE, URL_TIMEOUT, USER_AGENT, ReadError,
                                  is_web_url, size_text)

ACCEPT = ("text/html, application/xhtml+xml, application/rss+xml, application/atom+xml, "
          "application/json;q=0.9, text/plain;q=0.8, */*;q=0.5")
PRIVATE_HINT = "use --allow-private-urls to fetch it"


@dataclass
class Fetched:
    url: str  # after redirects
    data: bytes
    content_type: str  # "text/html", lowercase, without parameters
    charset: Optional[str]


def is_url(value) -> bool:
    return is_web_url(value)


class RefusedAddress(OSError):
    """The host resolves to an address that is not fetched (loopback, private…)."""


def address_problem(address: str) -> Optional[str]:
    """Why an IP address is not fetched ("a loopback address"), or None for a public one."""
    ip = ipaddress.ip_address(address.split("%")[0])
    embedded = [getattr(ip, name, None) for name in ("ipv4_mapped", "sixtofour")]
    embedded.append(ip.teredo[1] if getattr(ip, "teredo", None) else None)
    for candidate in [ip] + [e for e in embedded if e is not None]:
        for kind, test in (("a loopback", "is_loopback"), ("an unspecified", "is_unspecified"),
                           ("a link-local", "is_link_local"), ("a multicast", "is_multicast"),
                           ("a private", "is_private"), ("a reserved", "is_reserved")):
            if getattr(candidate, test):
                return f"{kind} address"
        if not candidate.is_global:
            return "not a public address"
    return None


class _Guard:
    """One fetch's connections: checked addresses, and a deadline that cuts them off."""

    def __init__(self, allow_private: bool, deadline: float):
        self.allow_private = allow_private
        self.expired = False
        self._sockets = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(deadline, self._expire)
        self._timer.daemon = True

    def __enter__(self):
        self._timer.start()
        return self

    def __exit__(self, *exc):
        self._timer.cancel()
        with self._lock:
            for sock in self._sockets:
                sock.close()
            self._sockets.clear()

    def _expire(self):
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                try:
                    sock.shutdown(socket.SHUT_RDWR)  # a blocked read returns at once
                except OSError:
                    pass

    def connect(self, address, timeout=socket._GLOBAL_DEFAULT_TIMEOUT, source_address=None):
        """socket.create_connection, to a checked address of the host only."""
        host, port = address
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        if not self.allow_private:
            for *_, sockaddr in infos:
                problem = address_problem(sockaddr[0])
                if problem:
                    shown = host if host == sockaddr[0] else f"{host} ({sockaddr[0]})"
                    raise RefusedAddress(f"refused: {shown} is {problem}; {PRIVATE_HINT}")
        error = None
        for family, kind, proto, _, sockaddr in infos:
            sock = socket.socket(family, kind, proto)
            try:
                if timeout is not socket._GLOBAL_DEFAULT_TIMEOUT:
                    sock.settimeout(timeout)
                sock.connect(sockaddr)
            except OSError as err:
                sock.close()
                error = err
                continue
            with self._lock:
                if self.expired:
                    sock.close()
                    raise TimeoutError("deadline passed")
                self._sockets.append(sock.dup())  # shut down from the timer thread
            return sock
        raise error or OSError(f"no address for {host}")


class _HTTPConnection(http.client.HTTPConnection):
    guard = None  # set per fetch on a subclass

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._create_connection = self.guard.connect


class _HTTPSConnection(http.client.HTTPSConnection):
    guard = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._create_connection = self.guard.connect


def _opener(guard: _Guard):
    """An opener for http and https only (a redirect to ftp: or file: goes nowhere), direct
    connections through the guard, redirects followed (each one connects through it again)."""
    http_conn = type("GuardedHTTPConnection", (_HTTPConnection,), {"guard": guard})
    https_conn = type("GuardedHTTPSConnection", (_HTTPSConnection,), {"guard": guard})

    class HTTPHandler(urllib.request.HTTPHandler):
        def http_open(self, req):
            return self.do_open(http_conn, req)

    class HTTPSHandler(urllib.request.HTTPSHandler):
        def https_open(self, req):
            return self.do_open(https_conn, req)

    opener = urllib.request.OpenerDirector()
    for handler in (urllib.request.ProxyHandler({}), urllib.request.UnknownHandler(), HTTPHandler(),
                    HTTPSHandler(), urllib.request.HTTPDefaultErrorHandler(),
                    urllib.request.HTTPRedirectHandler(), urllib.request.HTTPErrorProcessor()):
        opener.add_handler(handler)
    return opener


class Fetcher:
    """Fetches URLs; allow_private lets it fetch loopback and private addresses (tests, an
    intranet); deadline bounds each fetch in total, timeout each read."""

    def __init__(self, timeout: float = URL_TIMEOUT, max_bytes: int = MAX_URL_BYTES,
                 allow_private: bool = False, deadline: float = URL_DEADLINE):
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.allow_private = allow_private
        self.deadline = deadline
        self.dead_hosts = {}  # host -> the problem seen

    def fetch(self, url: str) -> Union[Fetched, ReadError]:
        if not is_url(url):
            return ReadError(url, "not an http(s) URL")
        host = urlsplit(url).netloc.lower()
        if host in self.dead_hosts:
            return ReadError(url, f"skipped: {host} failed earlier ({self.dead_hosts[host]})")
        too_slow = f"took longer than the {self.deadline:g} s limit for one fetch"
        with _Guard(self.allow_private, self.deadline) as guard:
            result = self._fetch(url, host, guard)
            if guard.expired:  # whatever the cut-off connection made of it
                self.dead_hosts[host] = too_slow
                return ReadError(url, too_slow)
        return result

    def _fetch(self, url: str, host: str, guard: _Guard) -> Union[Fetched, ReadError]:
        request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": ACCEPT})
        try:
            with _opener(guard).open(request, timeout=self.timeout) as response:
                length = response.headers.get("Content-Length")
                if length and length.isdigit() and int(length) > self.max_bytes:
                    return ReadError(url, f"too large ({size_text(int(length))}, limit {size_text(self.max_bytes)})")
                data = response.read(self.max_bytes + 1)
                if len(data) > self.max_bytes:
                    return ReadError(url, f"too large (over the {size_text(self.max_bytes)} limit)")
                return Fetched(
                    url=response.geturl() or url,
                    data=data,
                    content_type=response.headers.get_content_type().lower(),
                    charset=response.headers.get_content_charset(),
                )
        except urllib.error.HTTPError as err:
            return ReadError(url, f"HTTP {err.code} {err.reason}")
        except urllib.error.URLError as err:
            reason = err.reason
            if isinstance(reason, RefusedAddress):
                return ReadError(url, str(reason))
            timed_out = isinstance(reason, (socket.timeout, TimeoutError))
            problem = f"timed out after {self.timeout:g} s" if timed_out else f"cannot connect ({reason})"
            self.dead_hosts[host] = problem
            return ReadError(url, problem)
        except RefusedAddress as err:
            return ReadError(url, str(err))
        except (socket.timeout, TimeoutError):
            self.dead_hosts[host] = f"timed out after {self.timeout:g} s"
            return ReadError(url, self.dead_hosts[host])
        except Exception as err:  # resets, bad URLs, http.client oddities (IncompleteRead...)
            return ReadError(url, f"cannot fetch ({type(err).__name__}: {err})")
