"""What every subcommand shares: the error it raises for bad requests, and the exit codes."""

from __future__ import annotations

EXIT_MISMATCH = 1
EXIT_BAD_INPUT = 2


class CliError(Exception):
    """A problem with what the user asked for, printed without a traceback."""
