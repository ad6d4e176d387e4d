"""Which address a request came from, believing X-Forwarded-For only from trusted proxies."""

import ipaddress


def _networks(trusted):
    networks = []
    for entry in trusted:
        try:
            networks.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError:
            continue
    return networks


def _is_trusted(address, networks):
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_address(remote_addr: str, forwarded_for: str, trusted) -> str:
    """The rightmost address not belonging to a trusted proxy.

    A client can write anything into X-Forwarded-For; only the entries appended by our own
    proxies can be believed, and those are at the right end.
    """
    networks = _networks(trusted)
    remote_addr = (remote_addr or "").strip()
    if not remote_addr or not _is_trusted(remote_addr, networks):
        return remote_addr
    hops = [hop.strip() for hop in (forwarded_for or "").split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _is_trusted(hop, networks):
            return hop
    return hops[0] if hops else remote_addr
