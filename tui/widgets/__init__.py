"""The reader's widgets: the sidebar (a line-API virtual list), the cable view and its header card, the status line."""
