"""Failures injected into publishing, the way a full disk would strike."""

from toolkit.publish import transfer


def copy_failing_after(count, monkeypatch):
    """Make ``transfer._copy`` raise ``IOError("disk full (simulated)")`` once
    ``count`` files are copied; returns the list of targets copied before."""
    real_copy = transfer._copy
    copied = []

    def failing_copy(source, target, *args):
        if len(copied) == count:
            raise IOError("disk full (simulated)")
        copied.append(target)
        return real_copy(source, target, *args)
    monkeypatch.setattr(transfer, "_copy", failing_copy)
    return copied
