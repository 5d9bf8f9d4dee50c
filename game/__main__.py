"""`python -m game` runs the `drum-duet` command."""

from game.cli import main

raise SystemExit(main())
