"""The basket: Oscar's basket app forked so that reading a basket costs the same for 1 or 10 lines."""
