"""Results as plain JSON-ready dicts: what `drum-duet simulate --json` prints and replays keep."""

from __future__ import annotations

from game.core.duet import DuetSession
from game.core.judgement import Judgement
from game.core.scoring import PlayerStats
from game.core.session import PlaySession

COUNT_NAMES = {
    Judgement.PERFECT: "perfect",
    Judgement.GREAT: "great",
    Judgement.GOOD: "good",
    Judgement.MISS: "miss",
    Judgement.OVERHIT: "overhit",
}


def player_dict(stats: PlayerStats) -> dict[str, object]:
    """One player's results: score, accuracy, grade, combos, counts and hit-error summary (ms)."""
    return {
        "score": stats.score,
        "accuracy": stats.accuracy,
        "grade": stats.grade,
        "max_combo": stats.max_combo,
        "full_combo": stats.full_combo,
        "counts": {name: stats.counts[j] for j, name in COUNT_NAMES.items()},
        "mean_error_ms": stats.mean_error_ms,
        "stdev_error_ms": stats.stdev_error_ms,
    }


def session_dict(session: PlaySession) -> dict[str, object]:
    """Every player's results, and the team's for a duet."""
    out: dict[str, object] = {"players": [player_dict(s) for s in session.stats()]}
    if isinstance(session, DuetSession):
        team = session.team_stats()
        out["team"] = {
            "score": team.score,
            "syncs": team.syncs,
            "unison_notes": team.unison_notes,
            "tightness_ms": team.tightness_ms,
            "harmonies": team.harmonies,
            "awards": list(team.awards),
        }
    return out


def differences(expected: object, actual: object, path: str = "") -> list[str]:
    """Paths at which two JSON-like values differ, each with both values ("players[0].score")."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        out = []
        for key in sorted(set(expected) | set(actual), key=str):
            sub = f"{path}.{key}" if path else str(key)
            if key not in expected or key not in actual:
                out.append(
                    f"{sub}: {expected.get(key, '<absent>')!r} != {actual.get(key, '<absent>')!r}"
                )
            else:
                out.extend(differences(expected[key], actual[key], sub))
        return out
    if isinstance(expected, list) and isinstance(actual, list):
        if len(expected) != len(actual):
            return [f"{path}: {len(expected)} entries != {len(actual)} entries"]
        out = []
        for i, (a, b) in enumerate(zip(expected, actual, strict=True)):
            out.extend(differences(a, b, f"{path}[{i}]"))
        return out
    if type(expected) is not type(actual) or expected != actual:
        return [f"{path}: recorded {expected!r}, re-simulated {actual!r}"]
    return []
