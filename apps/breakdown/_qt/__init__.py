"""Qt views of the Breakdown (imported only when a panel shows)."""
