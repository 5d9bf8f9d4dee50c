"""The composer of Drum Duet's built-in songs: music written as code, charted as data.

`theory` knows keys and chords, `drums` turns readable drum patterns into the three chart parts
(full kit, duet P1, duet P2) at every difficulty, `backing` writes the synthesizer's arrangement,
`song` ties a song's sections to its tempo map, one module per song holds its music, and
`build` writes the song folders (`python -m tools.compose.build [--out DIR]`).
"""
