"""`drum-duet chart info`, `chart split` and `simulate` on real song folders."""

from __future__ import annotations

import json

from tests.formats.test_notes_mid import DRUMTEST, TEST_MID, raw_disco_flip_counts
from tests.helpers import need_testdata
from tests.test_cli import drum_duet


def test_chart_info_json_of_test_mid_has_the_published_counts_with_its_disco_flip():
    need_testdata(TEST_MID)
    out = drum_duet("chart", "info", str(TEST_MID), "--json")
    assert out.returncode == 0, out.stderr
    info = json.loads(out.stdout)
    assert set(info) == {"title", "artist", "parts", "sections", "duration_s"}
    assert set(info["parts"]) == {"full", "p1", "p2"}  # p1/p2 split automatically
    expert = info["parts"]["full"]["expert"]
    assert expert["notes"] == 962
    # The published raw gems (red 192, yellow 220, 326 cymbals and 326 toms), with the flip
    # section's red played as yellow cymbals and its yellow (cymbal or tom) as red.
    red_in, yellow_in, yellow_toms_in = raw_disco_flip_counts(TEST_MID, 3)
    red, yellow = 192 - red_in + yellow_in, 220 + red_in - yellow_in
    assert expert["lanes"] == {"kick": 118, "red": red, "yellow": yellow, "blue": 216, "green": 216}
    toms = 326 - yellow_toms_in
    assert (expert["cymbals"], expert["toms"]) == (962 - 118 - red - toms, toms)
    assert (expert["accents"], expert["ghosts"]) == (0, 0)
    assert (expert["star_phrases"], expert["fills"], expert["double_kicks"]) == (22, 0, 0)
    assert set(info["parts"]["full"]) == {"easy", "medium", "hard", "expert"}


def test_chart_info_with_expert_plus_counts_the_2x_kicks():
    out = drum_duet("chart", "info", str(need_testdata(TEST_MID)), "--json", "--expert-plus")
    expert = json.loads(out.stdout)["parts"]["full"]["expert"]
    assert expert["notes"] == 962 + 108 and expert["lanes"]["kick"] == 226
    assert expert["double_kicks"] == 108


def test_chart_info_of_a_song_folder_reads_its_song_ini():
    info = json.loads(drum_duet("chart", "info", str(need_testdata(DRUMTEST)), "--json").stdout)
    assert (info["title"], info["artist"]) == ("Drum Test Song", "Heka")
    assert set(info["parts"]["full"]) == {"medium", "hard", "expert"}


def test_chart_split_shows_both_players_with_at_least_35_percent():
    out = drum_duet("chart", "split", str(need_testdata(DRUMTEST)), "--json")
    assert out.returncode == 0, out.stderr
    for difficulty, s in json.loads(out.stdout).items():
        assert s["p1"]["share"] >= 0.35 and s["p2"]["share"] >= 0.35, difficulty
    text = drum_duet("chart", "split", str(need_testdata(DRUMTEST)))
    assert "P1" in text.stdout and "P2" in text.stdout


def test_simulate_a_real_song_folder_as_a_duet_with_a_replay(tmp_path):
    replay = tmp_path / "r.json"
    out = drum_duet(
        "simulate",
        str(need_testdata(DRUMTEST)),
        "--players",
        "2",
        "--part",
        "p1",
        "--part2",
        "p2",
        "--difficulty",
        "expert",
        "--autoplay",
        "--replay-out",
        str(replay),
        "--json",
    )
    assert out.returncode == 0, out.stderr
    stats = json.loads(out.stdout)
    assert all(p["grade"] == "SS" for p in stats["players"])
    assert stats["team"]["syncs"] == stats["team"]["unison_notes"] > 0
    assert drum_duet("replay", "verify", str(replay)).returncode == 0


def test_chart_info_on_a_broken_file_names_it(tmp_path):
    bad = tmp_path / "notes.mid"
    bad.write_bytes(b"MThd\x00\x00")
    out = drum_duet("chart", "info", str(tmp_path), "--json")
    assert out.returncode == 2 and str(bad) in out.stderr and "Traceback" not in out.stderr


def test_chart_info_reads_a_dot_chart_file():
    from tests.formats.test_chart_text import TEST_CHART
    from tests.formats.test_chart_text import raw_disco_flip_counts as raw_chart_flip_counts
    from tests.helpers import TESTDATA

    need_testdata(TEST_CHART)
    out = drum_duet("chart", "info", str(TESTDATA / "rb-charts/yarg-core/test.chart"), "--json")
    assert out.returncode == 0, out.stderr
    info = json.loads(out.stdout)
    assert info["title"] == ".chart Feature Check"
    for mix, difficulty in enumerate(("easy", "medium", "hard", "expert")):
        counts = info["parts"]["full"][difficulty]
        assert counts["notes"] == 962 and counts["lanes"]["kick"] == 118
        # 326 cymbals and 326 toms as published; the disco flip turns red into yellow cymbals
        # and yellow (cymbal or tom) into red.
        red_in, yellow_in, yellow_toms_in = raw_chart_flip_counts(f"{difficulty.title()}Drums", mix)
        cymbals = 326 + red_in - (yellow_in - yellow_toms_in)
        assert (counts["cymbals"], counts["toms"]) == (cymbals, 326 - yellow_toms_in)
    plus = json.loads(
        drum_duet(
            "chart",
            "info",
            str(TESTDATA / "rb-charts/yarg-core/test.chart"),
            "--json",
            "--expert-plus",
        ).stdout
    )
    assert plus["parts"]["full"]["expert"]["lanes"]["kick"] == 226
