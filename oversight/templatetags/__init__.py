"""Template filters of the oversight dashboard."""
