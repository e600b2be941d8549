"""Workfiles: open, save, version up and snapshot work files; change context with the file."""
