"""The online duet's lobby and join list as the layout and language tests draw them: the longest
words each state shows, with long names and titles in three scripts."""

from __future__ import annotations

from game.base.language import _
from game.ui.menus import DIFFICULTY_NAMES, PART_NAMES
from game.ui.online_view import JoinPicture, LobbyPicture

LONG_NAME = "Hana of the Very Long Name 김하나 はなこ"
TITLE = "The Extraordinarily Long Title of a Song 아주아주긴노래제목 とてもながい曲 (Extended Mix)"


def _part(part, difficulty) -> str:
    return f"{_(PART_NAMES[part])} · {_(DIFFICULTY_NAMES[difficulty])}"


def lobby_pictures() -> dict[str, LobbyPicture]:
    """The lobby hosting and waiting, the guest choosing a difficulty, starting, coming back
    into a duet under way, and failed."""
    from game.core.lanes import Difficulty, Part

    host_part = _part(Part.P1, Difficulty.EXPERT_PLUS)
    guest_part = _part(Part.P2, Difficulty.MEDIUM)
    rows = [_part(Part.P2, d) for d in Difficulty]
    why = _(
        "{title} is not in your library with the host's very chart: both need the same song files"
    ).format(title=TITLE)
    return {
        "hosting": LobbyPicture(
            True,
            TITLE,
            host_part,
            "",
            _("Waiting for a partner"),
            addresses=["192.168.100.200:47474", "10.0.0.2:47474", "172.16.0.1:47474"],
        ),
        "choosing": LobbyPicture(
            False,
            TITLE,
            "",
            f"{LONG_NAME} · {host_part}",
            _("Choose your difficulty"),
            rows=rows,
            selected=3,
        ),
        "starting": LobbyPicture(
            True,
            TITLE,
            host_part,
            f"{LONG_NAME} · {guest_part}",
            _("Starting in {seconds:.1f} s").format(seconds=1.4),
        ),
        "loading": LobbyPicture(
            False,
            TITLE,
            guest_part,
            f"{LONG_NAME} · {host_part}",
            _("Loading the song: {percent:.0f}%").format(percent=42),
        ),
        "coming back": LobbyPicture(
            False,
            TITLE,
            f"{LONG_NAME} · {guest_part}",
            f"{LONG_NAME} · {host_part}",
            _("Coming back into your duet: loading the song, {percent:.0f}%").format(percent=88),
        ),
        "failed": LobbyPicture(False, "", "", "", _("Connecting…"), failed=why),
    }


def join_pictures() -> dict[str, JoinPicture]:
    """The join list with hosts found, empty while searching, and typing an address."""
    hosts = [
        _("{name} · {song} · {address}").format(name=LONG_NAME, song=TITLE, address=a)
        for a in ("192.168.1.20:47474", "192.168.1.21:47474")
    ]
    return {
        "found": JoinPicture(hosts, "", 1),
        "searching": JoinPicture([], "", 0),
        "typing": JoinPicture(
            [],
            "192.168.1.20:47474",
            0,
            typing=True,
            notice=_("cannot join {where}: nobody is hosting there").format(where="10.0.0.9:47474"),
        ),
    }
