"""Public pages of the league app, one module per page family."""
