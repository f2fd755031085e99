"""The command palette (Ctrl+P): the reader's actions by name, with the keys bound to them now, and commands made
from what was typed (open that ID, search or filter for it)."""

from __future__ import annotations

from functools import partial

from rich.text import Text
from textual.command import DiscoveryHit, Hit, Hits, Provider

from tui.library.lookup import lookup
from tui.safetext import line as clean

THEMES = ("ansi-dark", "ansi-light", "textual-dark", "textual-light")


class PaletteCommands(Provider):
    """Commands of the main view; each one's help names the key bound to it (with the user's keymap)."""

    def _commands(self) -> list[tuple[str, str, object]]:
        """(name, help, callback), the help ending in the live key of the binding the command stands for."""
        from tui.screens.help import keys_by_id

        app = self.app
        main = app.main
        keys = keys_by_id(app, main)

        def command(name: str, help_text: str, callback, binding_id: str | None = None):
            key = keys.get(binding_id) if binding_id else None
            return name, f"{help_text} ({key})" if key else help_text, callback

        commands = [
            command("Go to reference ID", "open the go-to prompt", main.action_goto, "app.goto"),
            command("Full-text search", "search every cable's text", main.action_search, "app.search"),
            command("Filter the list", "origin: class: tag: year: and words", main.action_filter, "app.filter"),
            command("Clear filter and search", "show every cable", main.action_clear_view),
            command("Keys", "every key, from the live bindings", app.action_help, "app.help"),
            command("Decode view", "decoded DTG and station names", main.action_decode, "cable.decode"),
            command("Full width", "the cable full width, or beside the list again", main.action_full_width,
                    "app.sidebar"),
            command("Switch layout", "list and cable side by side, or one after the other",
                    main.action_switch_layout, "app.layout"),
        ]
        if main.session is not None:
            commands += [
                command("Mark all in view read", "every cable of the list", main.action_mark_view_read,
                        "app.mark_view_read"),
                command("Starred cables", "a view of the starred cables; again to leave it", main.action_starred_view,
                        "app.starred"),
                command("History", "cables opened, newest first", main.action_history, "app.history"),
                command("Next unread cable", "in the current view", partial(main.action_next_unread, 1),
                        "app.next_unread"),
                command("Toggle read", "mark the cable read or unread", main.action_toggle_read, "app.toggle_read"),
                command("Star or unstar", "the current cable", main.action_star, "app.star"),
                command("Edit note", "the current cable's note", main.action_edit_note, "app.note"),
            ]
        for sort in ("date", "id", "origin"):
            commands.append(command(f"Sort by {sort}", "order of the list", partial(main.set_sort, sort), "app.sort"))
        for theme in THEMES:
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
        main = self.app.main
        for ref in lookup(main.library, typed, nearest=0).ids[:5]:
            yield Hit(1.0, Text(f"Open {ref}"), partial(main.open_cable, ref), text=f"Open {ref}",
                      help="go to this cable")
        yield Hit(0.5, Text(f"Search full text for: {typed}"), partial(main.run_search, typed),
                  text=f"Search {typed}", help="results replace the list")
        yield Hit(0.4, Text(f"Filter: {typed}"), partial(main.apply_filter_text, typed),
                  text=f"Filter {typed}", help="origin: class: tag: year: and words")
