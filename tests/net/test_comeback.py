"""A guest whose game closed mid-song comes back in a new game, over real loopback links: given
back its own hits and the start, sent every hit of the host's; anyone else is turned away."""

from __future__ import annotations

import socket

from game import __version__
from game.core.events import InputEvent
from game.core.lanes import Difficulty, Lane, Part
from game.core.online import OnlineDuet
from game.core.replay import PlayerSetup
from game.net.comeback import kept_pieces
from game.net.duet_link import DuetLink
from game.net.handshake import Agreement, GuestHandshake, HostHandshake, link_clock
from game.net.link import Host, join
from game.net.messages import MAX_HITS, Answer, Hello, Hit, Offer, Refuse
from tests.core.test_replay import groove_chart
from tests.net.test_handshake import HOST_SETUP, LOCAL, SHA, TOKEN, pair, until

SEAT = PlayerSetup(Part.P2, Difficulty.EXPERT)
THEIRS = "5e" * 16  # the guest's game's own id
SETUPS = (HOST_SETUP, SEAT)


def playing_host(partner: str = "Yuki"):
    """A host 5 s into a duet whose guest's game has just closed: its hits and the guest's
    (300 of them: more than one Kept piece) are in; (host DuetLink, its duet, the listening
    host)."""
    chart = groove_chart(bars=8)
    start = link_clock() - 5.0
    agreement = Agreement("G", "", SHA, SETUPS, 3.0, TOKEN, 0, partner, start, partner_id=THEIRS)
    host, guest, host_side = pair()
    duet = OnlineDuet(chart, SETUPS, 0)
    guest.send(Hello(partner, __version__, player_id=THEIRS))
    side = DuetLink(duet, host_side(), agreement, "Hana", host=host)
    for i in range(40):
        side.played(duet.play(InputEvent(0.05 * i, 0, Lane.YELLOW, True)))
    theirs = [InputEvent(0.006 * i, 1, Lane.RED) for i in range(300)]
    duet.partner_hits(theirs, 1.9)
    guest._conn.socket.shutdown(socket.SHUT_RDWR)  # killed: no goodbye, the socket just ends
    until(lambda: side.link is None, lambda: side.step(2.0))
    return side, duet, host


def test_a_new_game_on_the_partners_machine_is_given_back_its_hits_and_plays_on():
    side, duet, host = playing_host()
    link = join(LOCAL, host.port)
    # another name (a language changed, say), the same game's id; nothing chosen: the seat
    hs = GuestHandshake(link, "ユキ", lambda offer: None, player_id=THEIRS)
    hs.loaded = True
    until(lambda: hs.done, hs.step, lambda: side.step(2.0))
    assert hs.failed is None and hs.agreement is not None
    agreement = hs.agreement
    assert agreement.setups == SETUPS and agreement.you == 1 and agreement.token == TOKEN
    assert list(agreement.kept) == duet.partner_kept() and len(agreement.kept) == 300
    assert agreement.kept_upto_s == 1.9
    assert abs(agreement.start_at_s - side.agreement.start_at_s) < 1e-9
    assert hs.start_at is not None and hs.start_at < link_clock() - 4.0  # the start is past
    again = OnlineDuet(groove_chart(bars=8), SETUPS, 1)
    back = DuetLink(again, link, agreement, "Yuki")
    assert again.mine == list(agreement.kept) and again.sent_upto == 1.9
    assert "came back into the duet" in (back.notice or "")
    until(lambda: again.theirs == 40, lambda: back.step(2.5), lambda: side.step(2.5))
    assert side.notice == "Your partner is back" and side.connected
    back.played(again.play(InputEvent(2.6, 1, Lane.KICK)))  # a new hit of the new game's
    until(lambda: duet.theirs == 301, lambda: back.step(3.0), lambda: side.step(3.0))
    assert duet.partner_kept()[-1].time_s == 2.6
    back.close()
    side.close()


def test_anyone_else_or_another_seat_is_turned_away():
    side, _duet, host = playing_host()
    stranger = join(LOCAL, host.port)
    stranger.send(Hello("Yuki", __version__, player_id="7f" * 16))  # their name, not their game
    got: list = []
    until(lambda: stranger.closed, lambda: got.extend(stranger.poll()), lambda: side.step(2.0))
    assert any(isinstance(m, Refuse) and m.code == "started" for m in got + stranger.poll())
    impostor = join(LOCAL, host.port)  # the partner's game, then another difficulty
    impostor.send(Hello("Yuki", __version__, player_id=THEIRS))
    offer: list = []
    until(
        lambda: any(isinstance(m, Offer) for m in offer),
        lambda: offer.extend(impostor.poll()),
        lambda: side.step(2.0),
    )
    (given,) = [m for m in offer if isinstance(m, Offer)]
    assert given.returning == SEAT
    impostor.send(Answer(PlayerSetup(Part.P2, Difficulty.EASY)))
    got = []
    until(lambda: impostor.closed, lambda: got.extend(impostor.poll()), lambda: side.step(2.0))
    assert any(isinstance(m, Refuse) and m.code == "parts" for m in got + impostor.poll())
    assert side.link is None  # still waiting for the real partner
    side.close()


def test_kept_hits_go_in_pieces_the_last_saying_the_promise():
    hits = [Hit(0.01 * i, Lane.RED, False, 1.0) for i in range(MAX_HITS + 3)]
    pieces = kept_pieces(hits, 9.0)
    assert [len(p.hits) for p in pieces] == [MAX_HITS, 3]
    assert pieces[-1].upto_s == 9.0 and pieces[0].upto_s == hits[MAX_HITS - 1].time_s
    assert [h for p in pieces for h in p.hits] == hits
    (only,) = kept_pieces([], float("-inf"))
    assert only.hits == () and only.upto_s == -60.0


def test_a_guest_whose_host_hosts_anew_lets_the_host_go_and_never_says_it_is_back():
    """The host's game closed and hosts again at the address the guest redials: the new lobby
    has no such duet and says so; the guest lets the host go (the song goes on alone) instead
    of saying "Your partner is back" each second."""
    chart = groove_chart(bars=8)
    host, guest, host_side = pair()
    guest.send(Hello("Yuki", __version__, player_id=THEIRS))
    old_side = host_side()
    anew = Host(0, LOCAL)  # the restarted game, hosting a song again
    agreement = Agreement("G", "", SHA, SETUPS, 3.0, TOKEN, 1, "Hana")
    side = DuetLink(
        OnlineDuet(chart, SETUPS, 1),
        guest,
        agreement,
        "Yuki",
        redial=lambda: join(LOCAL, anew.port),
    )
    lobby: list[HostHandshake] = []

    def new_lobby() -> None:  # the restarted host's lobby: a handshake for whoever comes
        if not lobby:
            link = anew.poll_partner()
            if link is not None:
                lobby.append(
                    HostHandshake(link, Offer("New", "", SHA, HOST_SETUP, 3.0, "ef" * 16), "Hana")
                )
        for hs in lobby:
            hs.step()

    notices: list[str | None] = []
    old_side._conn.socket.shutdown(socket.SHUT_RDWR)  # the host's game is gone, no goodbye
    until(
        lambda: side.partner_gone,
        lambda: side.step(2.0),
        new_lobby,
        lambda: notices.append(side.notice),
    )
    assert "Your partner is back" not in notices
    assert side.notice == "Your partner's game closed: their part goes on as missed"
    assert side.duet.partner_done and lobby and lobby[0].failed is not None
    side.close()
    host.close()
    anew.close()
