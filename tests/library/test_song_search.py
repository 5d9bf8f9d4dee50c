"""Search, orders and filters over a library: the folding of scripts, and 10,000 real song.ini
files searched and sorted (tests/big_library.py)."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from game.library.index import SongRecord
from game.library.library_view import LibraryView
from game.library.song_search import (
    SearchText,
    SongFilter,
    SortKey,
    drum_rating,
    hangul_initials,
    normalise,
    query_tokens,
)
from game.store.song_stats import SongStats
from tests.big_library import MARKED, big_library


@pytest.fixture(scope="session")
def library(tmp_path_factory) -> list[SongRecord]:
    return big_library(tmp_path_factory)


def song(title: str, artist: str = "", **tags) -> SongRecord:
    return SongRecord(title, artist=artist, folder=Path("/songs") / title, **tags)


def found(songs: list[SongRecord], words: str) -> list[str]:
    view = LibraryView(query=words)
    return [s.title for s in view.shown(songs, {})]


@pytest.mark.parametrize(
    ("typed", "tag"),
    [
        ("cafe deja", "Café Déjà Vu"),  # accents ignored
        ("CAFÉ", "Café Déjà Vu"),  # case and accents
        ("zoe angstrom", "Café Déjà Vu"),  # the artist, Å and ë
        ("full width", "ＦＵＬＬ Ｗｉｄｔｈ"),  # full-width letters
        ("ｆｕｌｌ", "ＦＵＬＬ Ｗｉｄｔｈ"),
        ("どらむ", "ドラムマーチ"),  # hiragana finds katakana
        ("ﾄﾞﾗﾑ", "ドラムマーチ"),  # half-width katakana with its voicing mark
        ("ドラム", "ドラムマーチ"),
        ("드럼", "드럼 소리"),  # Hangul
        ("ㄷㄹ ㅅㄹ", "드럼 소리"),  # initial consonants, as Korean players search
        ("東京", "東京夜景"),  # kanji
    ],
)
def test_search_ignores_case_accents_width_and_kana_and_finds_hangul(typed, tag):
    songs = [song(t, a) for t, a in MARKED.values()] + [song("Drum Solo", "Daisy")]
    assert tag in found(songs, typed)


def test_the_hangul_syllable_being_composed_finds_the_words_it_may_become():
    songs = [song("드럼 소리"), song("드러머"), song("들판"), song("강"), song("가오")]

    def shown(query: str, composing: str) -> list[str]:
        return sorted(
            s.title for s in LibraryView(query=query, composing=composing).shown(songs, {})
        )

    assert shown("", "들") == ["드러머", "드럼 소리", "들판"]  # on the way to 드럼
    assert shown("드", "럼") == ["드러머", "드럼 소리"]  # 럼 may yet become 러머
    assert shown("드럼", "") == ["드럼 소리"]  # typed: exactly
    assert shown("들", "") == ["들판"]
    assert shown("", "강") == ["가오", "강"]
    assert shown("강", "") == ["강"]


def test_search_does_not_mix_up_different_words():
    songs = [song("が"), song("か"), song("드럼"), song("노래")]
    assert found(songs, "か") == ["か"]  # a voicing mark is not an accent
    assert found(songs, "ㄴㄹ") == ["노래"]
    assert found(songs, "ㄷㄹ") == ["드럼"]
    assert found(songs, "zzz") == []


def test_the_folding_of_one_word():
    assert normalise("Ｃａｆé") == "cafe"
    assert normalise("ｶﾞ") == normalise("が") != normalise("か")
    assert hangul_initials("드럼 스틱") == "ᄃᄅ ᄉᄐ"
    assert SearchText.of(song("노래", charter="Ｘ")).matches(query_tokens("x 노래"))


def test_every_word_of_a_search_must_be_found_in_any_tag():
    songs = [
        song("Red Sky", "Blue Band", album="Green"),
        song("Red Sun", "Other"),
        song("Blue", "Red", genre="Rock"),
    ]
    assert found(songs, "red blue") == ["Blue", "Red Sky"]
    assert found(songs, "rock red") == ["Blue"]
    assert found(songs, "green red sky") == ["Red Sky"]


def test_a_search_over_10000_real_song_inis_finds_each_marked_song(library):
    assert len(library) == 10_000
    for title, artist in MARKED.values():
        hits = found(library, normalise(title))
        assert title in hits
        assert title in found(library, artist.upper())
    view = LibraryView()
    every = view.shown(library, {})
    for typed in ("d", "dr", "dru", "drum", "drum ", "drum n", "drum ni"):  # letter by letter
        view.query = typed
        shown = view.shown(library, {})
        want = [s for s in every if all(w in SearchText.of(s).text for w in typed.split())]
        assert shown == want  # narrowing from the last search finds what a fresh one does
        assert 0 < len(shown) < len(every)


def test_each_order_sorts_10000_real_songs(library):
    stats = {library[k].chart_sha256: SongStats(plays=k % 17) for k in range(0, 10_000, 3)}
    view = LibraryView()
    for key in SortKey:
        view.sort, view.reverse = key, False
        shown = view.shown(library, stats)
        assert sorted(map(id, shown)) == sorted(map(id, library))  # every song, once
        values = {
            SortKey.TITLE: lambda s: padded(normalise(s.title)),
            SortKey.ARTIST: lambda s: padded(normalise(s.artist)),
            SortKey.ALBUM: lambda s: padded(normalise(s.album)),
            SortKey.GENRE: lambda s: (not s.genre, padded(normalise(s.genre))),
            SortKey.YEAR: lambda s: int(s.year),
            SortKey.LENGTH: lambda s: s.length_s,
            SortKey.DIFFICULTY: lambda s: (drum_rating(s) is None, drum_rating(s) or 0),
            SortKey.CHARTER: lambda s: padded(normalise(s.charter)),
            SortKey.ADDED: lambda s: -s.added_s,
            SortKey.PLAYS: lambda s: (
                -(stats[s.chart_sha256].plays if s.chart_sha256 in stats else 0)
            ),
        }[key]
        keys = [values(s) for s in shown]
        assert keys == sorted(keys), key
        view.reverse = True  # the other way round, songs without the tag still last
        backwards = [values(s) for s in view.shown(library, stats)]
        present = [k for k in backwards if not (isinstance(k, tuple) and k[0] is True)]
        assert present == sorted(present, reverse=True), key
        assert all(k[0] is True for k in backwards[len(present) :]), key


def padded(words: str) -> str:
    """`words` with every number written with 20 digits: as text, it orders numbers by value."""
    return re.sub(r"\d+", lambda m: m.group().zfill(20), words)


def test_titles_order_their_numbers_by_value():
    titles = ["Song 10", "Song 2", "song 1", "Song 2b", "Vol. 9 - Intro", "Vol. 10 - Outro", "7"]
    view = LibraryView(sort=SortKey.TITLE)
    shown = [s.title for s in view.shown([song(t) for t in titles], {})]
    assert shown == [
        "7",
        "song 1",
        "Song 2",
        "Song 2b",
        "Song 10",
        "Vol. 9 - Intro",
        "Vol. 10 - Outro",
    ]


def test_the_drum_difficulty_is_the_charters_else_the_measured_density():
    rated = song("A", difficulty=2, density=14.0)
    measured = song("B", difficulty=-1, density=7.5)
    unknown = song("C")
    view = LibraryView(sort=SortKey.DIFFICULTY)
    assert [s.title for s in view.shown([unknown, measured, rated], {})] == ["A", "B", "C"]


def test_filters_show_the_duet_charts_pro_drums_favourites_and_lengths(library):
    stats = {library[5].chart_sha256: SongStats(favourite=True)}
    want = {
        SongFilter.ALL: lambda s: True,
        SongFilter.DUET: lambda s: s.charted_duet,
        SongFilter.PRO: lambda s: s.pro_drums,
        SongFilter.FAVOURITES: lambda s: s is library[5],
        SongFilter.SHORT: lambda s: s.length_s < 180,
        SongFilter.MEDIUM: lambda s: 180 <= s.length_s < 360,
        SongFilter.LONG: lambda s: s.length_s >= 360,
    }
    view = LibraryView()
    for chosen, test in want.items():
        view.filter = chosen
        shown = view.shown(library, stats)
        assert {id(s) for s in shown} == {id(s) for s in library if test(s)}, chosen
        assert shown, chosen


def test_the_folder_view_groups_songs_by_their_pack_and_steps_by_folder(library):
    view = LibraryView(folders=True, sort=SortKey.LENGTH)
    shown = view.shown(library, {})
    packs = [s.folder.parent.name for s in shown]
    assert packs == sorted(packs)  # grouped, the groups by name
    first = [s.length_s for s in shown if s.folder.parent.name == packs[0]]
    assert first == sorted(first)  # each keeps the order chosen
    second = view.next_group(0, 1)
    assert packs[second] != packs[0] and packs[second - 1] == packs[0]
    assert view.next_group(second + 5, -1) == 0
    assert view.group_start(second + 5) == second
    assert view.jump(0, "p") == second  # Shift+P: the next folder's first song


def test_the_letter_jump_goes_to_the_next_song_starting_with_it():
    songs = [song(t) for t in ("Apple", "Banana", "Berry", "cherry", "Éclair", "드럼")]
    view = LibraryView()
    view.shown(songs, {})
    assert view.jump(0, "b") == 1
    assert view.jump(1, "B") == 2
    assert view.jump(2, "b") == 1  # round again
    assert view.jump(0, "e") == 4  # É is E
    assert view.jump(0, "z") is None


def test_a_library_read_anew_keeps_each_songs_search_text(library):
    view = LibraryView(query="drum")
    first = view.shown(library, {})
    again = [dataclasses.replace(s) for s in library]  # a scan read every song anew
    assert [s.folder for s in view.shown(again, {})] == [s.folder for s in first]
