"""Outlet names and publication dates in one shape, whatever the source wrote.

The same outlet arrives as "www.example.com", "example.com", "https://EXAMPLE.com/x" or by
its site name "Example News"; the domain is the key that unites them, the site name is what
people read. Dates arrive as ISO strings, RFC 822 feed dates, "7 December 2024" or
feedparser's time tuples, and leave as ISO 8601.
"""
import re
import time
from datetime import date, datetime, timezone
from email.utils import parsedate_to_datetime
from typing import Optional, Tuple
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

_DOMAIN_RE = re.compile(r"^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$")


def domain_of(value: Optional[str]) -> Optional[str]:
    """"https://www.Example.com:8080/x", "www.example.com" -> "example.com"; else None."""
    if not value or not isinstance(value, str):
        return None
    value = value.strip()
    if "://" in value:
        host = urlsplit(value).hostname or ""
    else:
        host = value.split("/")[0].split(":")[0]
    host = host.lower().rstrip(".")
    if host.startswith("www."):
        host = host[4:]
    if _DOMAIN_RE.match(host) or host in ("localhost",) or re.match(r"^\d+(\.\d+){3}$", host):
        return host
    return None


# Query parameters that say how a reader arrived, not which page: dropped from identity.
TRACKING_PARAMS = re.compile(r"^(utm_\w+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|igshid|ocid|cmpid"
                             r"|_ga|_gl|ref|ref_src|smid|smtyp|cid|at_medium|at_campaign)$", re.I)


def canonical_url(value: Optional[str]) -> Optional[str]:
    """The address that names an article: http(s) only, with a host; scheme and host in
    lower case, default port, fragment and tracking parameters dropped. None otherwise, so
    "http://" or "javascript:…" never becomes an identity or a link."""
    if not value or not isinstance(value, str):
        return None
    try:
        parts = urlsplit(value.strip())
        host = parts.hostname
        port = parts.port
    except ValueError:  # "https://[::1", a port that is not a number
        return None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not host:
        return None
    if ":" in host:
        host = f"[{host}]"
    if port and port != {"http": 80, "https": 443}[scheme]:
        host = f"{host}:{port}"
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
             if not TRACKING_PARAMS.match(k)]
    return urlunsplit((scheme, host, parts.path or "/", urlencode(query), ""))


def normalise_outlet(name: Optional[str] = None, url: Optional[str] = None) -> Tuple[Optional[str], Optional[str]]:
    """(display name, domain) for an outlet.

    The domain comes from the URL, or from the name when the name is itself a domain
    ("www.INQUIRER.net" -> "inquirer.net", shown as "INQUIRER.net"). The display name is the
    site name when there is one, else the domain; so ("Example News", "https://www.example.com/a") and (None, "http://example.com/b")
    share the domain "example.com", which is what the store should key outlets on.
    """
    name = " ".join(name.split()) if isinstance(name, str) else None
    name_domain = domain_of(name) if name and " " not in name else None
    domain = domain_of(url) or name_domain
    if name_domain:  # a name that is a domain: no scheme, path or "www.", case as written
        name = re.sub(r"^(https?://)?(www\.)?", "", name, flags=re.I).split("/")[0]
    return name or domain, domain


_DATE_FORMATS = (
    "%Y-%m-%d",
    "%Y/%m/%d",
    "%d %B %Y",
    "%d %b %Y",
    "%B %d, %Y",
    "%b %d, %Y",
    "%B %d %Y",
    "%d.%m.%Y",
    "%A, %d %B %Y",
    "%A, %B %d, %Y",
)


def normalise_date(value) -> Optional[str]:
    """ISO 8601: "2024-12-07" for a bare date, "2024-12-07T18:42:00+00:00" with a time.

    Accepts ISO strings (with "Z"), RFC 822 dates as feeds write them, a few spelled-out
    forms, datetime/date objects and time.struct_time (feedparser's *_parsed, in UTC).
    Returns None for what it cannot read rather than guessing.
    """
    if value is None or value == "":
        return None
    if isinstance(value, time.struct_time):
        return datetime(*value[:6], tzinfo=timezone.utc).isoformat()
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if not isinstance(value, str):
        return None
    text = " ".join(value.split())
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        try:
            return date.fromisoformat(text).isoformat()
        except ValueError:
            return None
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
        return parsed.isoformat()
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(text).isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    cleaned = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", text)
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(cleaned, fmt).date().isoformat()
        except ValueError:
            continue
    return None


def day_of(value) -> Optional[date]:
    """The calendar day of any date normalise_date reads (a datetime keeps its own day)."""
    iso = normalise_date(value)
    return date.fromisoformat(iso[:10]) if iso else None
