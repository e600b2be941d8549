"""The Launcher app: pick project, entity and task, then start a host in that context."""
