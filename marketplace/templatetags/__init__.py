"""Template tags of the town hall features."""
