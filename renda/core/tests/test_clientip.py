"""The client's address behind trusted proxies (renda.core.clientip)."""

import ipaddress

import pytest
from hypothesis import given
from hypothesis import strategies as st

from renda.core.clientip import client_address

NGINX = (ipaddress.ip_network("127.0.0.1/32"), ipaddress.ip_network("10.1.0.0/16"))


@pytest.mark.parametrize(
    ("remote", "xff", "trusted", "client"),
    [
        ("203.0.113.9", "", NGINX, "203.0.113.9"),  # no proxy
        ("203.0.113.9", "10.0.0.66", NGINX, "203.0.113.9"),  # an untrusted peer cannot choose its address
        ("127.0.0.1", "10.0.0.66", NGINX, "10.0.0.66"),  # behind nginx
        ("127.0.0.1", "10.0.0.66, 10.1.2.3", NGINX, "10.0.0.66"),  # two trusted hops
        ("127.0.0.1", "6.6.6.6, 10.0.0.66", NGINX, "10.0.0.66"),  # a forged left part is not believed
        ("127.0.0.1", "not-an-ip", NGINX, "127.0.0.1"),  # malformed: the last vouched address
        ("127.0.0.1", "10.0.0.66", (), "127.0.0.1"),  # no trusted proxies configured
        ("127.0.0.1", "", NGINX, "127.0.0.1"),
        ("::1", "2001:db8::7", (ipaddress.ip_network("::1/128"),), "2001:db8::7"),
    ],
)
def test_client_address(remote, xff, trusted, client):
    assert client_address(remote, xff, trusted) == client


@given(
    client=st.ip_addresses(v=4).filter(lambda a: not any(a in n for n in NGINX)),
    forged=st.lists(st.ip_addresses(v=4), max_size=3),
    hops=st.lists(st.sampled_from(["10.1.0.5", "10.1.9.9"]), max_size=3),
)
def test_the_client_is_the_first_untrusted_hop_from_the_right(client, forged, hops):
    header = ", ".join([*map(str, forged), str(client), *hops])
    assert client_address("127.0.0.1", header, NGINX) == str(client)
    # the same request arriving straight from `client`, header and all, is keyed on `client`
    assert client_address(str(client), header, NGINX) == str(client)
