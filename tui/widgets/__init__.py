"""The reader's widgets: the sidebar (a line-API virtual list), the cable view, the status line, the query bar."""
