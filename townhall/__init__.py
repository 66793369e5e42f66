"""Town hall features: the daily status board, news and offers, and the weekly markets."""
