"""The song library: every song folder found, indexed in SQLite, and song-pack import."""
