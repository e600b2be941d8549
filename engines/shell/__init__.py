"""The shell engine: Reelkit apps in a terminal, with an in-memory JSON scene."""
