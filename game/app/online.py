"""The online duet's lobby: hosting a song or joining a host, up to the instant the song starts.

The host offers the song and its own part from song select and waits for a partner (it is
found on the LAN, or dialled at its address); the guest picks a host (found on the LAN, or an
address typed), is shown the song and the host's part, and chooses a difficulty on the other
part. Both load the song, the guest learns the host's clock, and at the agreed instant the
lobby gives way to the play. The headless commands (`drum-duet online host|join`) run this
very screen with the bot choosing and playing.
"""

from __future__ import annotations

import logging
import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path

import pygame

from game import __version__
from game.app.live import PreparedSong, live_from, prepare_song
from game.app.online_play import OnlineLivePlay
from game.app.play import PlayOptions, PlayResult, PlayScreen
from game.app.scene import Action, Pumped, Screen
from game.base.language import _
from game.core.lanes import Difficulty, Part
from game.core.online import OnlineDuet
from game.core.partner import other_part
from game.core.replay import PlayerSetup
from game.formats.song_folder import LoadedSong
from game.library.index import SongRecord
from game.net.discovery import Advertiser, lan_addresses
from game.net.duet_link import DuetLink, refuse_newcomers
from game.net.handshake import Agreement, GuestHandshake, HostHandshake, link_clock, perf_instant
from game.net.link import DEFAULT_PORT, Host, Link, LinkError, join
from game.net.messages import PROTOCOL, Offer, clean_text
from game.store.settings import Settings
from game.ui.canvas import Canvas
from game.ui.menus import DIFFICULTY_NAMES, PART_NAMES
from game.ui.online_view import LobbyPicture, draw_lobby

log = logging.getLogger(__name__)

ThenPlay = Callable[[PlayResult, Screen], Screen | None]
OptionsFor = Callable[[Agreement], PlayOptions]
"""The play's options once the duet is agreed (who plays which part, names, the bot)."""


@dataclass(frozen=True)
class HostPlan:
    """What the host offers: the song (loaded), its folder, the host's own setup, its name."""

    song: LoadedSong
    folder: Path
    setup: PlayerSetup
    name: str
    port: int = 0
    lan: bool = True
    lead_in_s: float = 3.0
    listening: Host | None = None
    """The host already listening (the command opens it first to say its port)."""
    wait_s: float | None = None
    """How long to wait for a partner (seconds; None: as long as the players like)."""


@dataclass(frozen=True)
class GuestPlan:
    """Whom the guest dials, its name, how to find the offered song here (a folder, or why
    not), and the difficulty it plays (None: the player chooses on screen)."""

    address: str
    port: int
    name: str
    find_song: Callable[[Offer], Path | str]
    difficulty: Difficulty | None = None
    params: PlayerSetup | None = None
    part: Part | None = None
    """The part the guest asked for (None: whichever the host leaves)."""
    player_id: str | None = None
    """This game's own id (`online_id`): a game that closes mid-song comes back by it."""


def find_in_library(songs: list[SongRecord]) -> Callable[[Offer], Path | str]:
    """A guest's song finder over the library's `songs`: the folder whose chart is the offer's
    (by sha256), or why none is."""

    def find(offer: Offer) -> Path | str:
        for record in songs:
            if record.chart_sha256 == offer.chart_sha256 and record.playable:
                return Path(record.folder)
        return _(
            "{title} is not in your library with the host's very chart: both need the same "
            "song files"
        ).format(title=offer.title or offer.chart_sha256[:12])

    return find


class OnlineLobby(Screen):
    """Hosting (`plan` a HostPlan) or joining (a GuestPlan) until the song starts; `then`
    follows the play as for any play. `headless`: failures end the screen (the command
    reports them) instead of waiting for the player."""

    def __init__(
        self,
        plan: HostPlan | GuestPlan,
        options_for: OptionsFor,
        then: ThenPlay | None = None,
        headless: bool = False,
    ) -> None:
        self.plan = plan
        self.options_for = options_for
        self.then = then
        self.headless = headless
        self.hosting = isinstance(plan, HostPlan)
        self.host: Host | None = None
        self.advertiser: Advertiser | None = None
        self.handshake: HostHandshake | GuestHandshake | None = None
        self.failed: str | None = None
        """Why the duet did not happen (shown; the command prints it), or None."""
        self.token = secrets.token_hex(16)
        self._dialling: threading.Thread | None = None
        self._dialled: Link | str | None = None
        self._loader: threading.Thread | None = None
        self.prepared: PreparedSong | None = None
        self.progress = 0.0
        self._output = None
        self.choice = 0
        """The highlighted difficulty while the guest chooses."""
        self.choices: list[Difficulty] = []
        self.song_folder: Path | None = None
        self.song: LoadedSong | None = None
        """The offered song as read here (the guest), once found."""
        self.play: PlayScreen | None = None
        self.canvas = Canvas()
        self._now = 0.0
        self._entered = link_clock()

    # the connection -----------------------------------------------------------------------------
    def enter(self) -> None:
        """Listen (host: advertised on the LAN) or dial the host (guest, off the loop)."""
        plan = self.plan
        self._entered = link_clock()
        if isinstance(plan, HostPlan):
            try:
                self.host = plan.listening or _listen(plan.port)
            except LinkError as e:
                self._fail(str(e))
                return
            log.info("hosting %s on port %d", plan.song.chart.meta.title, self.host.port)
            if plan.lan:
                self.advertiser = _announcement(plan, self.host.port)()
                self.advertiser.start()
        else:
            self._dialling = threading.Thread(target=self._dial, name="duet-dial", daemon=True)
            self._dialling.start()

    def _dial(self) -> None:
        plan = self.plan
        assert isinstance(plan, GuestPlan)
        try:
            self._dialled = join(plan.address, plan.port)
        except (LinkError, OSError) as e:
            self._dialled = str(e)

    @property
    def port(self) -> int | None:
        """The port the host listens on (None: not listening)."""
        return self.host.port if self.host is not None else None

    def _fail(self, why: str) -> None:
        log.warning("online duet: %s", why)
        self.failed = why
        if self.headless:
            self.stack.pop(None)

    # each step ----------------------------------------------------------------------------------
    def update(self, now_s: float) -> None:
        """Step the handshake, load the song once agreed, and start at the agreed instant."""
        self._now = now_s
        if self.failed is not None:
            return
        if self.hosting:
            self._host_step()
        else:
            self._guest_step()
        hs = self.handshake
        if hs is None or self.failed is not None:
            return
        if hs.failed is not None:
            self._handshake_failed(hs.failed)
            return
        self._load_when_agreed()
        if hs.start_at is not None and self.prepared is not None:
            self._start()

    def _host_step(self) -> None:
        plan, host = self.plan, self.host
        assert isinstance(plan, HostPlan)
        if host is None:
            return
        if self.handshake is None:
            link = host.poll_partner()
            waited = link_clock() - self._entered
            if link is None and plan.wait_s is not None and waited > plan.wait_s:
                self._fail(_("No partner came in {seconds:.0f} s").format(seconds=plan.wait_s))
            if link is not None:
                meta = plan.song.chart.meta
                offer = Offer(
                    clean_text(meta.title, 200),
                    clean_text(meta.artist, 200),
                    plan.song.chart_sha256,
                    plan.setup,
                    plan.lead_in_s,
                    self.token,
                )
                self.handshake = HostHandshake(link, offer, plan.name, self._check)
        else:
            refuse_newcomers(host)
        if self.handshake is not None:
            self.handshake.loaded = self.prepared is not None
            self.handshake.step()

    def _check(self, setup: PlayerSetup) -> str | None:
        plan = self.plan
        assert isinstance(plan, HostPlan)
        try:
            plan.song.chart.track(setup.part, setup.difficulty)
        except KeyError as e:
            return str(e.args[0])
        return None

    def _guest_step(self) -> None:
        if self.handshake is None:
            dialled = self._dialled
            if isinstance(dialled, str):
                self._fail(dialled)
            elif dialled is not None:
                plan = self.plan
                assert isinstance(plan, GuestPlan)
                self.handshake = GuestHandshake(
                    dialled, plan.name, self._choose, player_id=plan.player_id
                )
            return
        hs = self.handshake
        assert isinstance(hs, GuestHandshake)
        hs.loaded = self.prepared is not None
        hs.step()

    def _choose(self, offer: Offer) -> PlayerSetup | str | None:
        """The guest's answer: the song found here, on the other part, at the plan's
        difficulty (None: the player chooses on screen)."""
        plan = self.plan
        assert isinstance(plan, GuestPlan)
        found = plan.find_song(offer)
        if isinstance(found, str):
            return found
        self.song_folder = found
        part = other_part(offer.host.part)
        if plan.part is not None and plan.part is not part:
            return _("You asked to play {mine}, but the host plays it").format(
                mine=plan.part.value.upper()
            )
        self.song = _read(found)
        self.choices = _difficulties(self.song, part)
        if not self.choices:
            return _("This song has no {part} part here").format(part=part.value.upper())
        back = offer.returning  # back into a duet under way: your seat as it was
        wanted = back.difficulty if back is not None else plan.difficulty
        if wanted is not None:
            if wanted not in self.choices:
                return _("This song has no {difficulty} {part} here").format(
                    difficulty=wanted.value, part=part.value.upper()
                )
            return back if back is not None else self._setup(wanted)
        wanted = Difficulty.EXPERT if Difficulty.EXPERT in self.choices else self.choices[-1]
        self.choice = self.choices.index(wanted)
        return None

    def _setup(self, difficulty: Difficulty) -> PlayerSetup:
        plan = self.plan
        assert isinstance(plan, GuestPlan) and self.handshake is not None
        offer = self.handshake.offer  # type: ignore[union-attr]
        params = plan.params.params if plan.params is not None else offer.host.params
        return PlayerSetup(other_part(offer.host.part), difficulty, params)

    def _handshake_failed(self, why: str) -> None:
        if self.hosting and not self.headless:
            # a partner who refused or left before the start: wait for another
            log.warning("online duet: %s", why)
            self.handshake, self.prepared, self._loader = None, None, None
            self.failed = None
            self.notice = why
            return
        self._fail(why)

    notice: str | None = None

    # loading and starting -----------------------------------------------------------------------
    def _load_when_agreed(self) -> None:
        hs = self.handshake
        if self._loader is not None or hs is None:
            return
        if isinstance(hs, HostHandshake):
            if hs.answer is None:
                return
            song = self.plan.song  # type: ignore[union-attr]
        else:
            if hs.setup is None or self.song is None:
                return
            song = self.song
        if self._output is None:
            self._output = self.app.audio_output()
        options = self.options_for(self._agreed_so_far())
        rate = self._output.rate
        self._loader = threading.Thread(
            target=self._load, args=(song, options, rate), name="duet-loading", daemon=True
        )
        self._loader.start()

    def _load(self, song: LoadedSong, options: PlayOptions, rate: int) -> None:
        try:  # the song read once already (the host's plan, the guest's offer): its audio now
            self.prepared = prepare_song(song, options, rate, self._report)
        except Exception as e:  # a song that fails to load never takes the game down
            log.exception("loading %s for the duet failed", song.path)
            self.failed = _("The song could not be loaded: {reason}").format(reason=e)

    def _report(self, fraction: float, step: str) -> None:
        self.progress = fraction

    def _agreed_so_far(self) -> Agreement:
        """The agreement as far as it goes before the start (for the play's options)."""
        hs = self.handshake
        if isinstance(hs, HostHandshake):
            plan = self.plan
            assert isinstance(plan, HostPlan) and hs.answer is not None
            return Agreement(
                plan.song.chart.meta.title,
                plan.song.chart.meta.artist,
                plan.song.chart_sha256,
                (plan.setup, hs.answer),
                plan.lead_in_s,
                self.token,
                0,
                hs.partner_name or "",
            )
        assert isinstance(hs, GuestHandshake) and hs.offer is not None and hs.setup is not None
        offer = hs.offer
        return Agreement(
            offer.title,
            offer.artist,
            offer.chart_sha256,
            (offer.host, hs.setup),
            offer.lead_in_s,
            offer.token,
            1,
            hs.host_name or "",
        )

    def _start(self) -> None:
        hs = self.handshake
        assert hs is not None and hs.agreement is not None and self.prepared is not None
        agreement = hs.agreement
        options = self.options_for(agreement)
        prepared = self.prepared
        duet = OnlineDuet(prepared.song.chart, agreement.setups, agreement.you)
        name = self.plan.name
        lan = None
        if isinstance(self.plan, HostPlan):
            assert self.host is not None
            if self.plan.lan:  # announced again while the partner is away
                lan = _announcement(self.plan, self.host.port)
            link = DuetLink(duet, hs.link, agreement, name, host=self.host)
            self.host = None  # the play's now: it closes the host when it ends
        else:
            plan = self.plan
            link = DuetLink(
                duet, hs.link, agreement, name, redial=lambda: join(plan.address, plan.port)
            )
        if self.advertiser is not None:
            self.advertiser.close()
            self.advertiser = None
        live = live_from(
            prepared, options, self.app.devices, self._output, play=partial(OnlineLivePlay, link)
        )
        assert isinstance(live, OnlineLivePlay)
        live.lan = lan
        self.play = PlayScreen(live, then=self.then, starts_at=perf_instant(hs.start_at))
        self.stack.replace(self.play)

    def leave(self) -> None:
        """Leaving before the start: hang up, stop listening and advertising."""
        if self.advertiser is not None:
            self.advertiser.close()
        if self.host is not None:
            self.host.close()
        hs = self.handshake
        if hs is not None and self.play is None:
            hs.link.close("the partner left the lobby")

    # the player ---------------------------------------------------------------------------------
    def on_input(self, item: Pumped) -> None:
        """Up/Down choose a difficulty (the guest), Enter takes it, Esc leaves the lobby."""
        action = item.action
        hs = self.handshake
        if action == Action.BACK:
            self.stack.pop(None)
        elif isinstance(hs, GuestHandshake) and hs.choosing and self.choices:
            if action in (Action.UP, Action.DOWN):
                step = 1 if action == Action.DOWN else -1
                self.choice = (self.choice + step) % len(self.choices)
            elif action == Action.SELECT:
                hs.answer(self._setup(self.choices[self.choice]))
        elif self.failed is not None and action == Action.SELECT:
            self.stack.pop(None)

    def draw(self, surface: pygame.Surface) -> None:
        """The lobby: the song, the two players, where the duet stands."""
        canvas = self.canvas.surface_for(surface)
        draw_lobby(canvas, self.picture())
        self.canvas.present(surface, canvas)

    def picture(self) -> LobbyPicture:
        """What the lobby shows now."""
        hs = self.handshake
        plan = self.plan
        title, you, partner, rows = "", "", "", []
        status = _("Connecting…")
        offer = hs.offer if isinstance(hs, GuestHandshake) else None
        back = offer is not None and offer.returning is not None  # a duet under way
        if isinstance(plan, HostPlan):
            title = plan.song.chart.meta.title
            you = f"{plan.name} · {_part_words(plan.setup)}"
            status = _("Waiting for a partner")
            if isinstance(hs, HostHandshake) and hs.partner_name is not None:
                partner = hs.partner_name
                status = _("{name} is choosing a difficulty").format(name=hs.partner_name)
                if hs.answer is not None:
                    partner = f"{hs.partner_name} · {_part_words(hs.answer)}"
                    status = _("Getting ready")
        elif isinstance(hs, GuestHandshake):
            you = plan.name
            if hs.offer is not None:
                title = hs.offer.title
                partner = f"{hs.host_name or ''} · {_part_words(hs.offer.host)}"
                status = _("Choose your difficulty") if hs.choosing else _("Getting ready")
                if back:
                    status = _("Coming back into your duet: the song is under way")
                if hs.choosing:
                    part = _(PART_NAMES[other_part(hs.offer.host.part)])
                    rows = [f"{part} · {_(DIFFICULTY_NAMES[d])}" for d in self.choices]
            if hs.setup is not None:
                you = f"{plan.name} · {_part_words(hs.setup)}"
        if hs is not None and hs.start_at is not None and not back:
            left = max(0.0, hs.start_at - link_clock())
            status = _("Starting in {seconds:.1f} s").format(seconds=left)
        elif self._loader is not None and self.prepared is None:
            status = _("Loading the song: {percent:.0f}%").format(percent=self.progress * 100)
            if back:
                status = _("Coming back into your duet: loading the song, {percent:.0f}%").format(
                    percent=self.progress * 100
                )
        addresses = []
        if self.port is not None:
            addresses = [f"{a}:{self.port}" for a in _addresses()]
        return LobbyPicture(
            hosting=self.hosting,
            title=title,
            you=you,
            partner=partner,
            status=status,
            failed=self.failed or self.notice,
            addresses=addresses,
            rows=rows,
            selected=self.choice,
        )


def _listen(port: int) -> Host:
    """Listen on `port`; when the usual port is taken (another game), on any free one (the
    lobby shows which, and the LAN finds it)."""
    try:
        return Host(port)
    except LinkError:
        if port != DEFAULT_PORT:
            raise
        return Host(0)


def _announcement(plan: HostPlan, port: int) -> Callable[[], Advertiser]:
    """Makes the host's advertisement on the LAN: its name, `port` and song (in the lobby, and
    again during the song while the partner is away)."""
    title = clean_text(plan.song.chart.meta.title, 200)
    return partial(Advertiser, plan.name, port, title, __version__, PROTOCOL)


def _part_words(setup: PlayerSetup) -> str:
    return f"{_(PART_NAMES[setup.part])} · {_(DIFFICULTY_NAMES[setup.difficulty])}"


def _read(folder: Path) -> LoadedSong | None:
    """The song in `folder`, or None when it cannot be read (logged)."""
    from game.formats.song_folder import load_song

    try:
        return load_song(folder)
    except Exception:  # a song that cannot be read has no difficulties to offer
        log.exception("reading %s", folder)
        return None


def _difficulties(song: LoadedSong | None, part: Part) -> list[Difficulty]:
    """The difficulties `song` has for `part`, easiest first (none without a song)."""
    if song is None:
        return []
    out = []
    for d in Difficulty:
        try:
            song.chart.track(part, d)
        except KeyError:
            continue
        out.append(d)
    return out


def _addresses() -> list[str]:
    """This machine's address a partner on the LAN can dial (loopback when it has none)."""
    return lan_addresses() or ["127.0.0.1"]


def online_name(settings: Settings, seat: int) -> str:
    """Your name in a live duet (the menus' and the command's alike: a partner whose game
    closed comes back by it): player 1's name when typed, else "Player 1" for the host and
    "Player 2" for the guest (two "Player 1"s would not tell who is who)."""
    typed = settings.players.names[0].strip()
    if typed in ("", "Player 1"):
        return _("Player {number}").format(number=seat + 1)
    return typed[:40]


def seat_names(agreement: Agreement, your_name: str) -> tuple[str, str]:
    """The two players' names in seat order (host first)."""
    names = [your_name, agreement.partner_name]
    if agreement.you == 1:
        names.reverse()
    return names[0], names[1]


def online_options(
    agreement: Agreement, base: PlayOptions, your_name: str, autoplay: bool
) -> PlayOptions:
    """The play's options for a live duet: both setups in seat order, the names, the bot on
    your seat when `autoplay`, your device and the agreed lead-in."""
    return replace(
        base,
        devices=base.devices[:1],
        setups=list(agreement.setups),
        names=seat_names(agreement, your_name),
        bots=(agreement.you,) if autoplay else (),
        autoplay=False,
        online_seat=agreement.you,
        lead_in_s=agreement.lead_in_s,
        cameras=base.cameras[:1] * 2 if base.cameras else (),
    )


@dataclass
class OnlineOutcome:
    """How a live duet run from the command line went: why it did not happen, or the play's
    result, what was agreed, the song's folder here and the last word about the partner."""

    failed: str | None
    result: PlayResult | None = None
    agreement: Agreement | None = None
    folder: Path | None = None
    notice: str | None = None


def run_online(
    plan: HostPlan | GuestPlan, autoplay: bool = False, jitter_s: float = 0.0, seed: int = 0
) -> OnlineOutcome:
    """Open the window and run the lobby and the play of a live duet (the headless entry of
    `drum-duet online`): the bot plays your part when `autoplay` (jittered ± `jitter_s`
    seconds, seeded by `seed` + your seat, as `simulate` seeds its players)."""
    from game.app.context import AppContext
    from game.app.loop import Loop
    from game.app.window import WINDOW_TITLE, open_window
    from game.audio.stream import pre_init_output
    from game.base.language import set_language
    from game.store.settings import LoadedSettings, load_settings

    settings = load_settings().settings
    set_language(settings.interface.spoken())
    audio = settings.audio
    pre_init_output(audio.sample_rate, audio.buffer_frames, audio.output_device)
    pygame.init()
    app = AppContext(LoadedSettings(settings))
    try:
        online = _("Online duet")
        open_window(settings.video, f"{WINDOW_TITLE} — {online}")
        seats = [PlayerSetup(Part.P1, Difficulty.EXPERT), PlayerSetup(Part.P2, Difficulty.EXPERT)]
        base = PlayOptions.from_settings(seats, settings, quit_at_end=True)

        def options_for(agreement: Agreement) -> PlayOptions:
            options = online_options(agreement, base, plan.name, autoplay)
            return replace(options, bot_jitter_s=jitter_s, bot_seed=seed)

        lobby = OnlineLobby(plan, options_for, then=None, headless=True)
        Loop(app).run(lobby)
        play = lobby.play
        if play is None or play.result is None:
            return OnlineOutcome(lobby.failed or _("The duet did not start"))
        hs = lobby.handshake
        assert hs is not None
        folder = plan.folder if isinstance(plan, HostPlan) else lobby.song_folder
        notice = getattr(play.live, "link_notice", None)
        return OnlineOutcome(None, play.result, hs.agreement, folder, notice)
    finally:
        app.close()
        pygame.quit()
