"""Property tests of the pure sealing modules (issue 11): Shamir k-of-n over GF(256) and the sealed box."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from renda.voting import sealing, shamir

secrets_ = st.binary(min_size=1, max_size=48)


@st.composite
def splits(draw):
    n = draw(st.integers(1, 8))
    k = draw(st.integers(1, n))
    return draw(secrets_), k, n


@given(splits(), st.randoms(use_true_random=False))
def test_any_k_shares_give_the_secret_back(split, rnd):
    secret, k, n = split
    shares = shamir.split(secret, k, n)
    assert len(shares) == n and len({x for x, _ in shares}) == n
    chosen = rnd.sample(shares, k)
    assert shamir.combine(chosen) == secret
    assert shamir.combine(shares) == secret  # more than k: still the secret
    texts = [shamir.encode(s, k) for s in chosen]
    parsed, kk = shamir.parse(texts)
    assert kk == k and shamir.combine(parsed) == secret


@given(st.integers(2, 6), st.data())
def test_k_minus_one_shares_say_nothing(k, data):
    """Every value of a byte is equally consistent with k−1 shares: for each candidate secret byte there is a
    polynomial through those shares — so combining k−1 shares with a forged k-th can yield any secret."""
    n = data.draw(st.integers(k, 8))
    secret = data.draw(st.binary(min_size=1, max_size=4))
    shares = shamir.split(secret, k, n)
    few = shares[: k - 1]
    with pytest.raises(shamir.ShareError):
        shamir.parse([shamir.encode(s, k) for s in few])
    target = data.draw(st.binary(min_size=len(secret), max_size=len(secret)))
    # a k-th point chosen so that the interpolation at 0 is `target`: it exists for every target
    x_k = shares[k - 1][0]
    forged = bytearray(len(secret))
    for b in range(len(secret)):
        for y in range(256):
            candidate = [*few, (x_k, bytes(forged[:b]) + bytes([y]) + bytes(len(secret) - b - 1))]
            if shamir.combine(candidate)[b] == target[b]:
                forged[b] = y
                break
        else:  # pragma: no cover - would mean k−1 shares pin the byte down
            raise AssertionError("no polynomial through the shares reaches this byte")
    assert shamir.combine([*few, (x_k, bytes(forged))]) == target


def test_field_arithmetic_is_a_field():
    for a, b in itertools.product(range(1, 256), (1, 2, 3, 0x53, 0xCA, 255)):
        assert shamir._div(shamir._mul(a, b), b) == a
    assert shamir._mul(0x53, 0xCA) == 1  # the AES field's textbook inverse pair


@given(st.binary(max_size=3000))
@settings(max_examples=50)
def test_sealed_box_opens_only_with_its_key(data):
    private, public = sealing.keypair()
    box = sealing.seal(public, data)
    assert sealing.open_box(private, box) == data
    assert sealing.public_of(private) == public
    other, _ = sealing.keypair()
    with pytest.raises(sealing.SealError):
        sealing.open_box(other, box)
    tampered = bytearray(box)
    tampered[-1] ^= 1
    with pytest.raises(sealing.SealError):
        sealing.open_box(private, bytes(tampered))


@given(
    st.one_of(
        st.fixed_dictionaries({"choice": st.sampled_from(["yes", "no", "abstain"])}),
        st.fixed_dictionaries(
            {
                "marks": st.dictionaries(
                    st.integers(1, 10**6).map(str), st.sampled_from(["yes", "no", "abstain"]), max_size=30
                ),
                "write_ins": st.lists(st.text(min_size=1, max_size=10), max_size=3),
            }
        ),
    )
)
@settings(max_examples=50)
def test_ballot_boxes_have_one_size_per_block_and_distinct_receipts(payload):
    private, public = sealing.keypair()
    box, again = sealing.seal_ballot(public, payload), sealing.seal_ballot(public, payload)
    assert sealing.open_ballot(private, box) == payload
    assert (len(box) - 48) % sealing.PAD == 0  # ephemeral key 32 + tag 16, the rest padded
    assert box != again and sealing.fingerprint(box) != sealing.fingerprint(again)  # same choice, no link


@given(
    st.binary(min_size=32, max_size=32),
    st.binary(min_size=32, max_size=32),
    st.binary(min_size=32, max_size=32),
)
@settings(max_examples=30)
def test_the_hmac_hkdf_is_rfc_5869(shared, ephemeral, recipient):
    assert sealing._key(shared, ephemeral, recipient) == sealing.hkdf_reference(shared, ephemeral, recipient)


def test_every_motion_ballot_is_one_size():
    _private, public = sealing.keypair()
    assert len({len(sealing.seal_ballot(public, {"choice": c})) for c in ("yes", "no", "abstain")}) == 1
