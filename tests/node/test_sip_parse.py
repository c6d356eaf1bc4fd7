"""parse_sip_status: never raises, and finds the code of every well-formed response."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from infra.node.health_agent import parse_sip_status

TOKEN = st.text(
    alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.!%*_+`'~",
    min_size=1,
    max_size=12,
)
# Header values: printable text, no control characters; leading/trailing blanks allowed.
VALUE = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="\x7f"),
    min_size=1,
    max_size=40,
).filter(str.strip)
REASON = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="\x7f"),
    max_size=30,
)
MANDATORY = {
    "via": ("Via", "v"),
    "from": ("From", "f"),
    "to": ("To", "t"),
    "call-id": ("Call-ID", "i"),
}


@st.composite
def well_formed_response(draw: st.DrawFn) -> tuple[bytes, int]:
    code = draw(st.integers(100, 699))
    newline = draw(st.sampled_from(["\r\n", "\n"]))
    separators = st.sampled_from([":", ": ", " : ", ":\t"])
    headers = [
        draw(st.sampled_from(names)) + draw(separators) + draw(VALUE)
        for names in MANDATORY.values()
    ]
    headers.append(f"CSeq: {draw(st.integers(0, 2**31))} {draw(TOKEN)}")
    headers += [f"X-{draw(TOKEN)}: {draw(VALUE)}" for _ in range(draw(st.integers(0, 3)))]
    headers = draw(st.permutations(headers))
    body = draw(st.binary(max_size=200))
    if draw(st.booleans()):
        headers.append(f"Content-Length: {len(body)}")
    head = newline.join([f"SIP/2.0 {code} {draw(REASON)}", *headers])
    return head.encode() + (newline * 2).encode() + body, code


@given(st.binary(max_size=2000))
def test_arbitrary_bytes_never_raise(data: bytes) -> None:
    status = parse_sip_status(data)
    assert status is None or 100 <= status <= 699


@given(well_formed_response())
def test_well_formed_responses_give_their_code(response: tuple[bytes, int]) -> None:
    data, code = response
    assert parse_sip_status(data) == code


@given(well_formed_response(), st.integers(0, 2000), st.binary(min_size=1, max_size=8))
def test_mangled_responses_never_raise(
    response: tuple[bytes, int], position: int, junk: bytes
) -> None:
    data, _ = response
    position %= len(data)
    status = parse_sip_status(data[:position] + junk + data[position:])
    assert status is None or 100 <= status <= 699


GOOD = (
    b"SIP/2.0 200 OK\r\n"
    b"Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKabc\r\n"
    b"From: <sip:a@127.0.0.1>;tag=1\r\n"
    b"To: <sip:127.0.0.1>;tag=2\r\n"
    b"Call-ID: abc@host\r\n"
    b"CSeq: 1 OPTIONS\r\n"
    b"Content-Length: 0\r\n\r\n"
)


@pytest.mark.parametrize(
    ("data", "status"),
    [
        (GOOD, 200),
        (GOOD.replace(b"200 OK", b"486 Busy Here"), 486),
        (GOOD.replace(b"200 OK", b"200 "), 200),  # empty reason phrase
        (GOOD.replace(b"\r\n", b"\n"), 200),  # bare LF line ends are tolerated
        (GOOD.replace(b"Call-ID:", b"i:").replace(b"Via:", b"v:"), 200),  # compact forms
        (
            GOOD.replace(b"To: <sip:127.0.0.1>;tag=2\r\n", b"To: <sip:127.0.0.1>\r\n ;tag=2\r\n"),
            200,
        ),
        (GOOD.replace(b"Content-Length: 0", b"Content-Length: 4") + b"body", 200),
        (GOOD.replace(b"SIP/2.0", b"sip/2.0", 1), 200),
        (GOOD.replace(b"200 OK", b"700 Nope"), None),
        (GOOD.replace(b"200 OK", b"099 Nope"), None),
        (GOOD.replace(b"200 OK", b"2OO OK"), None),
        (GOOD.replace(b"200 OK", b"200"), None),  # no space before the reason phrase
        (GOOD.replace(b"SIP/2.0 200", b"SIP/3.0 200"), None),
        (GOOD.replace(b"Call-ID: abc@host\r\n", b""), None),
        (GOOD.replace(b"CSeq: 1 OPTIONS", b"CSeq: OPTIONS"), None),
        (GOOD.replace(b"Content-Length: 0", b"Content-Length: 5"), None),  # truncated body
        (GOOD.replace(b"Content-Length: 0", b"Content-Length: x"), None),
        (GOOD.replace(b"Call-ID: abc@host", b"Call-ID abc@host"), None),
        (GOOD.replace(b"Call-ID: abc@host", b"Call-ID: abc\x00host"), None),
        (GOOD.replace(b"From:", b"\xff\xfe:"), None),
        (GOOD[:-2], None),  # no blank line after the headers
        (b"OPTIONS sip:127.0.0.1 SIP/2.0\r\n" + GOOD.split(b"\r\n", 1)[1], None),  # a request
        (b"", None),
        (b"\r\n\r\n", None),
    ],
)
def test_examples(data: bytes, status: int | None) -> None:
    assert parse_sip_status(data) == status
