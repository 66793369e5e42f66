"""The merchant's order board in the dashboard: today's and upcoming orders, and handling them."""
