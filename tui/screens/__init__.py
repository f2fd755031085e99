"""The reader's screens: go-to-ID, help."""
