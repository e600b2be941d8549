"""Qt views of the Publisher (imported only when a panel shows)."""
