"""The reading session: the reading state (tui.state) joined to the library: marks, counts and changes."""
