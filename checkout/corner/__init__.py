"""The digital corner ordering for people not online (the town hall and the town-centre manager)."""
