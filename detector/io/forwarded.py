"""The real client behind a load balancer: the logged address and the ``X-Forwarded-For`` chain.

Behind a load balancer or reverse proxy, the address a web server logs is
the proxy's, the same for every user; the client is in ``X-Forwarded-For``
(``client, proxy1, proxy2``: each proxy appends the address it received the
request from).  Only the end of the chain written by one's own proxies can
be trusted: anything to the left of it was sent by the client and can be
forged.  So, as nginx's ``real_ip`` module does with the private networks as
its trusted proxies:

* when the logged address is not a private or loopback one, nor a CDN's or
  cloud balancer's published egress (:data:`CDN_NETWORKS`: Cloudflare, Azure
  Front Door, Fastly, Google Cloud's load balancers), the request came
  straight from the internet and the header (which the client may have made
  up) is ignored;
* otherwise the client is the rightmost address of the chain that is none
  of those (a school's web proxy adding itself is then the client, like an
  office's NAT address); when every address is one (an intranet), the
  leftmost one, the computer that sent the request.

Addresses may carry a port (``203.0.113.9:51234``, ``[2001:db8::1]:443``);
tokens that are not addresses (``unknown``, obfuscated identifiers) are
skipped.  Everything works on distinct (address, chain) pairs, so a log of
millions of requests resolves a few thousand strings.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
import pandas as pd

_PORT = re.compile(r"^\[([^\]]+)\](?::\d+)?$|^(\d{1,3}(?:\.\d{1,3}){3}):\d+$")


@lru_cache(maxsize=65536)
def _address(token: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    text = token.strip().strip('"')
    m = _PORT.match(text)
    if m is not None:
        text = m.group(1) or m.group(2)
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


#: One's own networks, where load balancers and proxies live: RFC 1918, loopback, link-local and IPv6
#: unique-local (not carrier-grade NAT, whose addresses are subscribers', nor the documentation ranges).
INTERNAL_NETWORKS = tuple(ipaddress.ip_network(n) for n in (
    "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "127.0.0.0/8", "169.254.0.0/16",
    "::1/128", "fc00::/7", "fe80::/10"))


#: Where a CDN or a cloud load balancer in front of the site connects from, as their operators publish them:
#: Cloudflare's ranges, Azure Front Door's back end (service tag ``AzureFrontDoor.Backend``), Fastly's, and
#: Google Cloud's load-balancer proxies.  Such a hop is a proxy of one's own: the client is further left.
CDN_NETWORKS = tuple(ipaddress.ip_network(n) for n in (
    # Cloudflare (https://www.cloudflare.com/ips/)
    "173.245.48.0/20", "103.21.244.0/22", "103.22.200.0/22", "103.31.4.0/22", "141.101.64.0/18",
    "108.162.192.0/18", "190.93.240.0/20", "188.114.96.0/20", "197.234.240.0/22", "198.41.128.0/17",
    "162.158.0.0/15", "104.16.0.0/13", "104.24.0.0/14", "172.64.0.0/13", "131.0.72.0/22",
    "2400:cb00::/32", "2606:4700::/32", "2803:f800::/32", "2405:b500::/32", "2405:8100::/32", "2a06:98c0::/29",
    "2c0f:f248::/32",
    # Azure Front Door's back end
    "147.243.0.0/16", "2a01:111:2050::/44",
    # Fastly (https://api.fastly.com/public-ip-list)
    "23.235.32.0/20", "43.249.72.0/22", "103.244.50.0/24", "103.245.222.0/23", "103.245.224.0/24",
    "104.156.80.0/20", "140.248.64.0/18", "140.248.128.0/17", "146.75.0.0/17", "151.101.0.0/16",
    "157.52.64.0/18", "167.82.0.0/17", "167.82.128.0/20", "167.82.160.0/20", "167.82.224.0/20",
    "172.111.64.0/18", "185.31.16.0/22", "199.27.72.0/21", "199.232.0.0/16",
    # Google Cloud load balancers' proxies and health checks
    "35.191.0.0/16", "130.211.0.0/22"))


@lru_cache(maxsize=65536)
def _internal(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """One's own network, or a CDN's or cloud balancer's hop in front of the site (:data:`CDN_NETWORKS`)."""
    return any(address in network for network in (*INTERNAL_NETWORKS, *CDN_NETWORKS)
               if network.version == address.version)


def real_client(remote: str | None, forwarded: str | None) -> str | None:
    """The client address of one request.

    Parameters
    ----------
    remote : str or None
        The address the server logged (the peer of the connection).
    forwarded : str or None
        The ``X-Forwarded-For`` value as logged (``-`` or None when absent).

    Returns
    -------
    str or None
        ``remote`` unless it is an internal address and the chain names a
        client (see the module docstring); then that client, without a port.
    """
    if not forwarded or forwarded == "-":
        return remote
    peer = _address(remote) if remote else None
    if peer is not None and not _internal(peer):
        return remote
    chain = [a for a in (_address(t) for t in forwarded.split(",")) if a is not None]
    if not chain:
        return remote
    for address in reversed(chain):
        if not _internal(address):
            return str(address)
    return str(chain[0])


def resolve_chains(values: Sequence[str | None]) -> list[str | None]:
    """Client fields holding an ``X-Forwarded-For`` chain (``10.51.5.172,64.129.48.21``) resolved to the client.

    A server configured to log ``%{X-Forwarded-For}i`` in place of the
    client address writes the whole chain there; with no peer address to go
    by, the client is chosen as :func:`real_client` chooses it behind an
    internal proxy (the rightmost public address).  Other values unchanged.
    """
    # the chain is its own peer: not an address, so the chain decides (real_client), once per distinct value
    return real_clients(values, [v if v is not None and "," in v else None for v in values])


def resolve_chains_categorical(values: pd.Categorical) -> pd.Categorical:
    """:func:`resolve_chains` over a categorical column, by :func:`real_client_categorical`."""
    chained = np.array(["," in str(c) for c in values.categories], dtype=bool)
    if not chained.any():
        return values
    codes = np.asarray(values.codes, dtype=np.int64)
    forwarded = np.where((codes >= 0) & chained[np.maximum(codes, 0)], codes, -1)
    return real_client_categorical(values, pd.Categorical.from_codes(forwarded, categories=values.categories))


def names_address(forwarded: str) -> bool:
    """Whether an ``X-Forwarded-For`` value holds at least one address (format detection)."""
    return any(_address(token) is not None for token in forwarded.split(","))


def real_clients(remote: Sequence[str | None], forwarded: Sequence[str | None]) -> list[str | None]:
    """:func:`real_client` of every request, each distinct pair worked out once."""
    seen: dict[tuple[str | None, str | None], str | None] = {}
    out = []
    for pair in zip(remote, forwarded):
        client = seen.get(pair)
        if client is None and pair not in seen:
            client = seen[pair] = real_client(*pair)
        out.append(client)
    return out


def real_client_categorical(remote: pd.Categorical, forwarded: pd.Categorical) -> pd.Categorical:
    """:func:`real_client` over two categorical columns (missing values as NaN), as a categorical.

    Parameters
    ----------
    remote, forwarded : pandas.Categorical
        The logged address and the chain, one per request.

    Returns
    -------
    pandas.Categorical
        The client of every request; NaN where ``remote`` is NaN and the
        chain names no client.
    """
    r_codes = np.asarray(remote.codes, dtype=np.int64)
    f_codes = np.asarray(forwarded.codes, dtype=np.int64)
    if not (f_codes >= 0).any():
        return remote
    width = len(forwarded.categories) + 1
    pairs, index = pd.factorize((r_codes + 1) * width + (f_codes + 1))
    r_cat, f_cat = list(remote.categories), list(forwarded.categories)
    clients = [real_client(r_cat[p // width - 1] if p // width else None, f_cat[p % width - 1] if p % width else None)
               for p in index.tolist()]
    categories = list(dict.fromkeys(c for c in clients if c is not None))
    position = {c: i for i, c in enumerate(categories)}
    pair_code = np.array([-1 if c is None else position[c] for c in clients], dtype=np.int64)
    dtype = (remote if len(remote.categories) else forwarded).categories.dtype
    return pd.Categorical.from_codes(pair_code[pairs], categories=pd.Index(categories, dtype=dtype))


__all__ = ["INTERNAL_NETWORKS", "names_address", "real_client", "real_client_categorical", "real_clients"]
