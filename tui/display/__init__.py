"""Display models, not widgets: an opened cable as lines laid out at a width, and untrusted text as safe Text."""
