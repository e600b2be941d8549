"""The Breakdown app: what the open scene loads, what is out of date, and updating it."""
