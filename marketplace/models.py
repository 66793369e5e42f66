"""Town-hall models (announcements, markets) live here; the module also marks the app as migrated."""
