"""The reader's screens: the main view (list and cable), go-to-ID, help, note, history, confirm."""
