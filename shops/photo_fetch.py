"""Fetch a product photo from an address a merchant typed in a spreadsheet, without letting it reach inside.

A URL from an outside user is a request our server makes on their behalf (SSRF): only http and
https, only to public addresses (never loopback, private, link-local such as the cloud metadata
address 169.254.169.254, multicast or reserved), the connection made to the very address that was
checked (so a name that resolves differently a second time cannot slip through), no redirects
followed blindly (each hop is checked again), short timeouts, and at most photos.MAX_BYTES read.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable
from urllib.parse import urljoin, urlsplit

import certifi
import urllib3
from django.utils.translation import gettext as _

from shops.photos import MAX_BYTES, PhotoError

CONNECT_SECONDS = 3
READ_SECONDS = 5
MAX_REDIRECTS = 3
IMAGE_TYPES = ("image/jpeg", "image/png", "image/webp", "image/gif")


def public_address(address: str) -> bool:
    """Whether an IP address is on the public internet (not ours, not anyone's private network)."""
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not (ip.is_multicast or ip.is_reserved or ip.is_loopback or ip.is_link_local)


def resolve(host: str, port: int) -> list[str]:
    try:
        return list(
            dict.fromkeys(info[4][0] for info in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM))
        )
    except (socket.gaierror, UnicodeError) as error:
        raise PhotoError(_("The photo's address cannot be found.")) from error


def photo_fetch(
    url: str,
    *,
    is_allowed: Callable[[str], bool] = public_address,
    resolver: Callable[[str, int], list[str]] = resolve,
) -> bytes:
    """The bytes at `url`, if it is a picture on a public address; PhotoError otherwise.

    `is_allowed` and `resolver` are the address rules; tests serving a picture on this machine
    pass their own.
    """
    for _hop in range(MAX_REDIRECTS + 1):
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise PhotoError(_("A photo address must start with http:// or https://."))
        port = parts.port or (443 if parts.scheme == "https" else 80)
        addresses = resolver(parts.hostname, port)
        if not addresses or not all(is_allowed(address) for address in addresses):
            raise PhotoError(_("This photo address is not on the public internet."))
        response = _get(parts.scheme, addresses[0], port, parts.hostname, parts.path or "/", parts.query)
        try:
            if response.status in (301, 302, 303, 307, 308) and response.headers.get("Location"):
                url = urljoin(url, response.headers["Location"])
                continue
            if response.status != 200:
                raise PhotoError(
                    _("The photo address answered with an error (%(status)s).") % {"status": response.status}
                )
            content_type = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
            if content_type not in IMAGE_TYPES:
                raise PhotoError(_("The photo address does not give a picture."))
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > MAX_BYTES:
                raise PhotoError(_("The photo is too big: at most 15 MB."))
            content = response.read(MAX_BYTES + 1, decode_content=True)
            if len(content) > MAX_BYTES:
                raise PhotoError(_("The photo is too big: at most 15 MB."))
            return content
        except (urllib3.exceptions.HTTPError, OSError) as error:
            raise PhotoError(_("The photo could not be downloaded.")) from error
        finally:
            response.release_conn()
    raise PhotoError(_("The photo address redirects too many times."))


def _get(scheme: str, address: str, port: int, host: str, path: str, query: str) -> urllib3.BaseHTTPResponse:
    """GET on the checked address itself, the host name given for the Host header and the certificate."""
    timeout = urllib3.Timeout(connect=CONNECT_SECONDS, read=READ_SECONDS)
    if scheme == "https":
        pool = urllib3.HTTPSConnectionPool(
            address, port, timeout=timeout, retries=False, server_hostname=host, assert_hostname=host,
            cert_reqs="CERT_REQUIRED", ca_certs=certifi.where(),
        )  # fmt: skip
    else:
        pool = urllib3.HTTPConnectionPool(address, port, timeout=timeout, retries=False)
    target = f"{path}?{query}" if query else path
    try:
        return pool.urlopen(
            "GET", target, headers={"Host": host, "User-Agent": "marketplace-import"}, redirect=False,
            preload_content=False, assert_same_host=False,
        )  # fmt: skip
    except (urllib3.exceptions.HTTPError, OSError) as error:
        raise PhotoError(_("The photo could not be downloaded.")) from error
