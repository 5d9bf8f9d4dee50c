"""LAN discovery: real advertisers and a real browser over multicast on 127.0.0.1, and the checks
that turn a resolved advertisement into a Found (or skip it).

Other tests (or another run) may advertise on the same loopback at the same time, so each test
names its hosts with a fresh token and looks only at those.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import time
from collections.abc import Callable, Iterator

import pytest
from zeroconf import IPVersion, ServiceInfo, Zeroconf

from game.net.discovery import (
    INSTANCE_BYTES,
    NAME_CHARS,
    SERVICE_TYPE,
    TXT_ITEM_BYTES,
    Advertiser,
    Browser,
    Found,
    duet_properties,
    found_in,
    instance_name,
)

LOOPBACK = ["127.0.0.1"]
WAIT_S = 5.0


def wait_for(condition: Callable[[], bool], timeout_s: float = WAIT_S) -> bool:
    """Poll `condition` every 20 ms until it holds (True) or `timeout_s` passes (False)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return condition()


def ours(browser: Browser, token: str) -> list[Found]:
    """The hosts this test advertised: their names carry `token`."""
    return [f for f in browser.found() if token in f.name]


@pytest.fixture
def token() -> str:
    return secrets.token_hex(3)


@pytest.fixture
def browser() -> Iterator[Browser]:
    with Browser(LOOPBACK) as seen:
        yield seen


# -- names and properties, no network ------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    ["민준" * 30, "ひらがなカタカナ漢字" * 6, "a" * 100, "é" * 63, "J.S. Bach\\", "\x00\u202e", ""],
)
def test_instance_name_fits_a_dns_label_in_whole_characters(name: str) -> None:
    instance = instance_name(name, "a1b2c3")
    raw = instance.encode("utf-8")
    assert len(raw) <= INSTANCE_BYTES
    assert raw.decode("utf-8") == instance  # no character was split
    assert instance.endswith(" a1b2c3")
    assert "." not in instance and "\\" not in instance and "\u202e" not in instance
    # zeroconf accepts it as an instance of our service
    ServiceInfo(SERVICE_TYPE, f"{instance}.{SERVICE_TYPE}", port=1)


def test_instance_name_keeps_a_short_hangul_name_whole() -> None:
    assert instance_name("김민준", "ff00aa") == "김민준 ff00aa"


def test_properties_each_fit_dns_sd_and_a_long_cjk_title_is_cut_with_an_ellipsis() -> None:
    props = duet_properties("김" * 60, "夜に駆ける" * 50, "0.1.0", 3)
    for key, value in props.items():
        assert len(f"{key}={value}".encode()) <= TXT_ITEM_BYTES
    assert props["name"] == "김" * NAME_CHARS
    assert props["song"].startswith("夜に駆ける") and props["song"].endswith("…")
    assert duet_properties("a", "Short Song", "0.1.0", 3)["song"] == "Short Song"


def info_of(properties: dict | bytes, port: int = 4000, addresses: list[str] | None = None):
    """A ServiceInfo as a browser would hold it once resolved."""
    return ServiceInfo(
        SERVICE_TYPE,
        f"someone.{SERVICE_TYPE}",
        port=port,
        properties=properties,
        parsed_addresses=["192.168.1.20"] if addresses is None else addresses,
    )


HUGE_TEXT = b"".join(bytes([200]) + b"k%02d=" % i + b"x" * 196 for i in range(8))  # 8 × 201 bytes
GOOD = {b"name": "하나".encode(), b"song": "曲".encode(), b"version": b"0.1.0", b"protocol": b"2"}


def test_a_well_formed_advertisement_reads_back_every_field() -> None:
    found = found_in(info_of(GOOD, addresses=["169.254.3.3", "192.168.1.20"]))
    assert found == Found("하나", "192.168.1.20", 4000, "曲", "0.1.0", 2)


@pytest.mark.parametrize(
    ("properties", "port", "addresses", "problem"),
    [
        ({**GOOD, b"name": b"\xff\xfe\xfd"}, 4000, None, "name is not UTF-8"),
        ({**GOOD, b"song": b"\xc3"}, 4000, None, "song is not UTF-8"),
        ({k: v for k, v in GOOD.items() if k != b"song"}, 4000, None, "no song"),
        ({**GOOD, b"name": None}, 4000, None, "no name"),
        ({**GOOD, b"name": b"\x00\x01 "}, 4000, None, "an empty name"),
        ({**GOOD, b"version": b"1" * 33}, 4000, None, "a malformed version"),
        ({**GOOD, b"version": b"1.0\n"}, 4000, None, "a malformed version"),
        ({**GOOD, b"protocol": b"-1"}, 4000, None, "a malformed protocol"),
        ({**GOOD, b"protocol": b"99999"}, 4000, None, "a malformed protocol"),
        (HUGE_TEXT, 4000, None, "1608 bytes of properties"),
        (GOOD, 0, None, "port 0"),
        (GOOD, 4000, [], "no address"),
    ],
)
def test_a_malformed_advertisement_is_refused_with_its_problem(
    properties: dict | bytes, port: int, addresses: list[str] | None, problem: str
) -> None:
    with pytest.raises(ValueError, match=problem):
        found_in(info_of(properties, port, addresses))


def test_names_and_titles_are_cut_and_cleaned_when_read() -> None:
    props = {**GOOD, b"name": ("\u202e" + "あ" * 80).encode(), b"song": b"la" * 120}
    found = found_in(info_of(props))
    assert found.name == "あ" * NAME_CHARS
    assert found.song == "la" * 100


# -- over the network ----------------------------------------------------------------------------


def test_a_host_is_found_with_every_field_and_removed_when_it_closes(
    browser: Browser, token: str
) -> None:
    name, song = f"김민준 {token}", "夜に駆ける (YOASOBI) 밤을 달리다"
    advertiser = Advertiser(name, 45123, song, "0.1.0", 7, interfaces=LOOPBACK)
    started = time.monotonic()
    advertiser.start()
    assert time.monotonic() - started < 0.5  # the caller never waits for the probing
    try:
        assert wait_for(lambda: len(ours(browser, token)) == 1), browser.found()
        assert ours(browser, token) == [Found(name, "127.0.0.1", 45123, song, "0.1.0", 7)]
    finally:
        advertiser.close()
    assert wait_for(lambda: not ours(browser, token)), browser.found()


def test_two_hosts_are_both_found_sorted_by_name(browser: Browser, token: str) -> None:
    with (
        Advertiser(f"ゆい {token}", 45001, "Song B", "0.1.0", 1, LOOPBACK),
        Advertiser(f"Alex {token}", 45002, "Song A", "0.2.0", 1, LOOPBACK),
    ):
        assert wait_for(lambda: len(ours(browser, token)) == 2), browser.found()
        hosts = ours(browser, token)
    assert [(h.name, h.port, h.song, h.version) for h in hosts] == [
        (f"Alex {token}", 45002, "Song A", "0.2.0"),
        (f"ゆい {token}", 45001, "Song B", "0.1.0"),
    ]


def register_raw(zeroconf: Zeroconf, infos: list[ServiceInfo]) -> None:
    """Register hand-made advertisements all at once, as a hostile host on the LAN would."""
    assert zeroconf.loop is not None

    async def register(info: ServiceInfo) -> None:
        await (await zeroconf.async_register_service(info))

    for future in [asyncio.run_coroutine_threadsafe(register(i), zeroconf.loop) for i in infos]:
        future.result(timeout=WAIT_S)


def test_hostile_advertisements_are_skipped_and_a_good_host_still_found(
    browser: Browser, token: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="game.net.discovery")
    good = {b"name": f"ok {token}".encode(), b"song": b"s", b"version": b"1", b"protocol": b"1"}
    hostile = {
        "badutf8": ({**good, b"name": b"\xff\xfe" + token.encode()}, 45010, ["127.0.0.1"]),
        "nosong": ({k: v for k, v in good.items() if k != b"song"}, 45011, ["127.0.0.1"]),
        "port0": (good, 0, ["127.0.0.1"]),
        "noaddress": (good, 45013, []),
        "huge": (b"".join(bytes([250]) + b"x" * 250 for _ in range(20)), 45014, ["127.0.0.1"]),
        "protocol": ({**good, b"protocol": b"1e9"}, 45015, ["127.0.0.1"]),
    }
    infos = [
        ServiceInfo(
            SERVICE_TYPE,
            f"{label} {token}.{SERVICE_TYPE}",
            port=port,
            properties=props,
            server=f"bad-{label}-{token}.local.",
            parsed_addresses=addresses,
        )
        for label, (props, port, addresses) in hostile.items()
    ]
    hostile_zeroconf = Zeroconf(interfaces=LOOPBACK, ip_version=IPVersion.V4Only)
    try:
        with Advertiser(f"fine {token}", 45020, "Good Song", "0.1.0", 1, LOOPBACK):
            register_raw(hostile_zeroconf, infos)

            def all_skipped() -> bool:
                text = caplog.text
                return all(f"skipped '{label} {token}." in text for label in hostile)

            assert wait_for(all_skipped), caplog.text
            assert wait_for(lambda: len(ours(browser, token)) == 1), browser.found()
            assert [(h.name, h.port) for h in ours(browser, token)] == [(f"fine {token}", 45020)]
    finally:
        hostile_zeroconf.close()


def test_no_such_interface_means_a_warning_and_nothing_found(
    caplog: pytest.LogCaptureFixture,
) -> None:
    nowhere = ["203.0.113.7"]  # TEST-NET-3: no machine has it
    with Browser(nowhere) as lost:
        assert lost.found() == []
    advertiser = Advertiser("nobody", 45030, "Song", "0.1.0", 1, nowhere)
    advertiser.start()
    advertiser.close()
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert sum("LAN discovery is off" in r.getMessage() for r in warnings) == 2
