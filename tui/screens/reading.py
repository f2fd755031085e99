"""The reading-state keys of the main view (n/p, N, s, *, M, e, H) and the timers that save where the reader is.

A mixin of ``MainScreen``: it uses the screen's sidebar, cable view, view filter and ``open_cable``; every change
goes through the reading session (``self.session``; None: no reading state in this run).
"""

from __future__ import annotations

import time

from textual.binding import Binding

from tui.library.query import Filter

CONFIRM_OVER = 1000  # marking a view read asks first when it holds more cables than this
SAVE_EVERY = 0.5  # seconds between checks of the scroll position (saved when it moved) and outside changes


class ReadingActions:
    """Keys and timers of the reading state; MainScreen lists ``BINDINGS`` among its own."""

    BINDINGS = [
        Binding("n", "next_unread(1)", "Next unread", show=False, id="app.next_unread"),
        Binding("p", "next_unread(-1)", "Previous unread", show=False, id="app.previous_unread"),
        Binding("N", "toggle_read", "Toggle read", show=False, id="app.toggle_read"),
        Binding("M", "mark_view_read", "Mark view read", show=False, id="app.mark_view_read"),
        Binding("s", "star", "Star", show=False, id="app.star"),
        Binding("asterisk", "starred_view", "Starred view", show=False, id="app.starred"),
        Binding("e", "edit_note", "Edit note", show=False, id="app.note"),
        Binding("H", "history", "History", show=False, id="app.history"),
        Binding("u", "undo", "Undo", show=False, id="app.undo"),
    ]

    _read_timer = None
    _ticker = None
    _outside_change = False
    _problem_shown: str | None = None

    def watch_state(self) -> None:
        """Start the ticker that saves the scroll position and shows changes made by another process."""
        if self.session is not None:
            self.session.watch(self._outside)  # the writer thread: just a flag, read by the ticker
            self._ticker = self.set_interval(SAVE_EVERY, self._tick)

    # --- reading state ----------------------------------------------------------------------------------------

    def _no_state(self) -> bool:
        if self.session is None:
            self.notify("no reading state in this session", severity="warning", timeout=2)
            return True
        return False

    def _target(self) -> str | None:
        """The cable a state key acts on: the one under the list's cursor when the list has focus, else the open one."""
        if self.focused is self.sidebar or self.cable_view.reference_id is None:
            row = self.sidebar.current
            return row.reference_id if row else None
        return self.cable_view.reference_id

    def _opened(self, ref: str) -> None:
        """A cable was opened: history, last view, and read now or after ``mark_read_after`` seconds on screen."""
        self.session.opened(ref)
        self._save_view()
        self._stop_read_timer()
        if self.mark_read_after > 0:
            self._read_timer = self.set_timer(self.mark_read_after, lambda: self._mark_read_if_shown(ref))
        else:
            self._mark_read_if_shown(ref)

    def _stop_read_timer(self) -> None:
        if self._read_timer is not None:
            self._read_timer.stop()
            self._read_timer = None

    def _mark_read_if_shown(self, ref: str) -> None:
        self._read_timer = None
        if self.is_attached and self.cable_view.reference_id == ref and self.session.mark_read(ref):
            self._marks_changed(ref)

    def _marks_changed(self, ref: str | None = None) -> None:
        self.sidebar.refresh_marks(ref)
        self.call_after_refresh(self._count_unread)

    def _count_unread(self) -> None:
        if self.session is not None and self.is_attached:
            self.status.unread = self.session.unread_count(self.sidebar.keys)

    def _save_view(self) -> None:
        if self.session is None:
            return
        selected = self.cable_view.reference_id
        if selected is None and self.sidebar.current is not None:
            selected = self.sidebar.current.reference_id
        search = self._search  # a search running, else the one the list shows
        view, query, order = ((search.filter, search.query, search.order) if search is not None
                              else (self.filter, self.search_query, self.search_order))
        self.session.save_view(view, self.sort, selected, {"query": query, "order": order} if query else None,
                               self._is_reading)

    def _save_scroll(self) -> None:
        ref = self.cable_view.reference_id
        if self.session is not None and ref is not None:
            self.session.save_scroll(ref, int(self.cable_view.scroll_offset.y))

    def _outside(self) -> None:
        """Called by the state's writer thread when another process changed the state."""
        self._outside_change = True

    def _tick(self) -> None:
        """Every SAVE_EVERY seconds: save a moved scroll position; show what another copy of the app changed."""
        if not self.is_attached:
            return
        self._save_scroll()
        problem = self.session.problem
        if problem != self._problem_shown:  # the state cannot be saved now: say so once, until it can again
            self._problem_shown = problem
            if problem:
                self.notify(problem, severity="error", markup=False, timeout=15)
        if self._outside_change:
            self._outside_change = False
            self._marks_changed()
            if self.cable_view.reference_id:
                self.cable_view.set_note(self.session.note(self.cable_view.reference_id))

    def action_next_unread(self, step: int) -> None:
        if self._no_state():
            return
        index = self.session.unread_in(self.sidebar.keys, self.sidebar.cursor + step, step)
        if index is None:
            self.notify(f"no unread cable {'after' if step > 0 else 'before'} this one in the view", timeout=2)
            return
        self.sidebar.move_to(index)
        row = self.sidebar.current
        if row is not None:
            self.open_cable(row.reference_id)

    def action_toggle_read(self) -> None:
        ref = None if self._no_state() else self._target()
        if ref:
            self._stop_read_timer()
            read = self.session.toggle_read(ref)
            self._marks_changed(ref)
            self.notify(f"{ref} marked {'read' if read else 'unread'}", timeout=2, markup=False)

    def action_star(self) -> None:
        ref = None if self._no_state() else self._target()
        if ref:
            starred = self.session.toggle_star(ref)
            self._marks_changed(ref)
            self.notify(f"{ref} {'starred' if starred else 'unstarred'}", timeout=2, markup=False)

    def action_starred_view(self) -> None:
        if self._no_state():
            return
        if self.filter.ids is not None and not self.search_query:
            self.action_view_back()
            return
        starred = self.session.starred()
        if not starred:
            self.notify("no starred cables yet: s stars one", timeout=3)
            return
        self.push_view()
        self.filter = Filter(ids=tuple(starred))
        self._refill(keep=self.cable_view.reference_id if self.split else None)
        self.show_list()

    def action_mark_view_read(self) -> None:
        if self._no_state():
            return
        count = len(self.sidebar.keys)
        if count > CONFIRM_OVER:
            from tui.screens.confirm import ConfirmScreen

            def answered(yes: bool | None) -> None:
                if yes:
                    self._mark_view_read()

            self.app.push_screen(ConfirmScreen(f"Mark all {count:,} cables in this view read?"), answered)
        elif count:
            self._mark_view_read()

    def _mark_view_read(self) -> None:
        """One rule for the whole view (search results: their IDs), however many cables it holds."""
        if self.search_query:
            rows = self.library.rows(self.sidebar.keys)
            view = Filter(ids=tuple(r.reference_id for r in rows))
        else:
            view = self.filter
        self.session.mark_view_read(view, self.sidebar.keys)
        self._marks_changed()
        self.notify(f"{len(self.sidebar.keys):,} cables marked read", timeout=2)

    def action_undo(self) -> None:
        if self._no_state():
            return
        undone = self.session.undo()
        if undone is None:
            self.notify("nothing to undo", timeout=2)
            return
        self._stop_read_timer()
        self._marks_changed()
        ref = self.cable_view.reference_id
        if ref:
            self.cable_view.set_note(self.session.note(ref))
        self.notify(f"undone: {undone}", timeout=2, markup=False)

    def action_edit_note(self) -> None:
        ref = None if self._no_state() else self._target()
        if not ref:
            return
        from tui.screens.note import NoteScreen

        def saved(text: str | None) -> None:
            if text is None or not self.session.set_note(ref, text):
                return
            self._marks_changed(ref)
            if self.cable_view.reference_id == ref:
                self.cable_view.set_note(text)
            self.notify(f"note {'saved' if text else 'removed'} on {ref}", timeout=2, markup=False)

        self.app.push_screen(NoteScreen(ref, self.session.note(ref)), saved)

    def action_history(self) -> None:
        if self._no_state():
            return
        from tui.screens.history import HistoryScreen

        def chosen(ref: str | None) -> None:
            if ref:
                self.open_cable(ref)

        self.app.push_screen(HistoryScreen(self.session.history(), time.time()), chosen)

    def save(self) -> None:
        """Where the reader stands (scroll, view), written to disk now: at exit."""
        if self.session is None:
            return
        if self._ticker is not None:
            self._ticker.stop()
        self._save_scroll()
        self._save_view()
        self.session.stop()
