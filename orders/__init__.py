"""Orders: a fork of Oscar's order app where each order belongs to exactly one shop."""
