"""Song select's "duet with a saved play": the saved plays of a song that can be your partner
(any player's part P1 or P2 whose replay the score book kept), and the partner taken from the
chosen play's replay (`game.core.partner`)."""

from __future__ import annotations

import logging
import sqlite3

from game.core.lanes import Part
from game.core.partner import DUET_PARTS, PartnerError, RecordedPart, partner_part
from game.formats.replay_file import replay_from_json
from game.library.index import SongRecord
from game.store.play_record import SavedPart
from game.store.scores import ScoreBook

log = logging.getLogger(__name__)

PARTNERS_OFFERED = 20
"""How many saved plays of a song song select offers as partners (the newest)."""


def partner_choices(book: ScoreBook | None, song: SongRecord | None) -> list[SavedPart]:
    """The saved duet parts (P1 or P2, with a replay) of `song`, newest first; none when the
    score book is not open or cannot be read."""
    if book is None or song is None or not song.chart_sha256:
        return []
    try:
        return book.saved_parts(song.chart_sha256, DUET_PARTS, PARTNERS_OFFERED)
    except sqlite3.Error as e:
        log.warning("saved plays cannot be read: %s", e)
        return []


def partner_from_book(
    book: ScoreBook, saved: SavedPart, chart_sha256: str, your_part: Part
) -> RecordedPart:
    """The partner of you playing `your_part` on the chart `chart_sha256`: `saved`'s player,
    from their play's replay in `book`. PartnerError (naming the play) when the replay cannot
    be read or cannot be the partner."""
    source = f"{book.db_path}, play {saved.play_id} ({saved.name}, {saved.played_at})"
    try:
        doc = book.replay_json(saved.play_id)
    except sqlite3.Error as e:
        raise PartnerError(f"{source}: the score book cannot be read: {e}") from None
    if doc is None:
        raise PartnerError(f"{source}: its replay cannot be read")
    try:
        replay = replay_from_json(doc)
    except (ValueError, TypeError) as e:
        raise PartnerError(f"{source}: malformed replay: {e}") from None
    return partner_part(replay, source, chart_sha256, your_part, saved.player)
