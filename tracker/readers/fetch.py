"""Fetching http(s) URLs politely: one try, a timeout, a size cap, a clear User-Agent.

A host that fails to answer (refused, timed out, unknown name) is not tried again within
the same Fetcher, so a feed of a hundred links to a dead site costs one timeout, not a
hundred.
"""
import socket
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Optional, Union
from urllib.parse import urlsplit

from tracker.readers.base import MAX_URL_BYTES, URL_TIMEOUT, USER_AGENT, ReadError, is_web_url, size_text

ACCEPT = ("text/html, application/xhtml+xml, application/rss+xml, application/atom+xml, "
          "application/json;q=0.9, text/plain;q=0.8, */*;q=0.5")


@dataclass
class Fetched:
    url: str  # after redirects
    data: bytes
    content_type: str  # "text/html", lowercase, without parameters
    charset: Optional[str]


def is_url(value) -> bool:
    return is_web_url(value)


class Fetcher:
    def __init__(self, timeout: float = URL_TIMEOUT, max_bytes: int = MAX_URL_BYTES):
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.dead_hosts = {}  # host -> the problem seen

    def fetch(self, url: str) -> Union[Fetched, ReadError]:
        if not is_url(url):
            return ReadError(url, "not an http(s) URL")
        host = urlsplit(url).netloc.lower()
        if host in self.dead_hosts:
            return ReadError(url, f"skipped: {host} failed earlier ({self.dead_hosts[host]})")
        request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": ACCEPT})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
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
            timed_out = isinstance(reason, (socket.timeout, TimeoutError))
            problem = f"timed out after {self.timeout:g} s" if timed_out else f"cannot connect ({reason})"
            self.dead_hosts[host] = problem
            return ReadError(url, problem)
        except (socket.timeout, TimeoutError):
            self.dead_hosts[host] = f"timed out after {self.timeout:g} s"
            return ReadError(url, self.dead_hosts[host])
        except Exception as err:  # resets, bad URLs, http.client oddities (IncompleteRead...)
            return ReadError(url, f"cannot fetch ({type(err).__name__}: {err})")
