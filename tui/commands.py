"""The command palette (Ctrl+P): go to an ID, search, filter, sort, theme, decode, help, reading state."""

from __future__ import annotations

from functools import partial

from rich.text import Text
from textual.command import DiscoveryHit, Hit, Hits, Provider

from tui.widgets.text import clean


class ReaderCommands(Provider):
    """Fixed commands, plus commands made from what was typed (open that ID, search or filter for it)."""

    def _commands(self) -> list[tuple[str, str, object]]:
        app = self.app
        commands = [
            ("Go to reference ID", "open the go-to prompt (:)", app.action_goto),
            ("Full-text search", "search every cable's text (S)", app.action_search),
            ("Filter the list", "origin: class: tag: year: and words (/)", app.action_filter),
            ("Clear filter and search", "show every cable", app.action_clear_view),
            ("Keys", "every key, from the live bindings (?)", app.action_help),
            ("Decode view", "decoded DTG and station names (d)", app.action_decode),
            ("Toggle sidebar", "read at full width (f)", app.action_toggle_sidebar),
        ]
        if app.state is not None:
            commands += [
                ("Mark all in view read", "every cable of the list, as one rule (M)", app.action_mark_view_read),
                ("Starred cables", "a view of the starred cables; again to leave it (*)", app.action_starred_view),
                ("History", "cables opened, newest first (H)", app.action_history),
                ("Next unread cable", "in the current view (n)", partial(app.action_next_unread, 1)),
                ("Toggle read", "mark the cable read or unread (N)", app.action_toggle_read),
                ("Star or unstar", "the current cable (s)", app.action_star),
                ("Edit note", "the current cable's note (e)", app.action_edit_note),
            ]
        for sort in ("date", "id", "origin"):
            commands.append((f"Sort by {sort}", "order of the list", partial(app.set_sort, sort)))
        for theme in ("ansi-dark", "ansi-light", "textual-dark", "textual-light"):
            commands.append((f"Theme: {theme}", "16-colour themes start with ansi", partial(setattr, app, "theme", theme)))
        return commands

    async def discover(self) -> Hits:
        for name, help_text, callback in self._commands():
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)
        typed = clean(query).strip()
        if not typed:
            return
        app = self.app
        for ref in app.library.resolve(typed)[:5]:
            yield Hit(1.0, Text(f"Open {ref}"), partial(app.open_cable, ref), text=f"Open {ref}", help="go to this cable")
        yield Hit(0.5, Text(f"Search full text for: {typed}"), partial(app.run_search, typed),
                  text=f"Search {typed}", help="results replace the list")
        yield Hit(0.4, Text(f"Filter: {typed}"), partial(app.apply_filter_text, typed),
                  text=f"Filter {typed}", help="origin: class: tag: year: and words")
