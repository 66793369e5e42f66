"""The town hall's market tests share the stall-pickup world of the market tests: a Saturday market, a
stallholder offering pickup at its stall, an order booked there, on a Tuesday morning."""

from tests.markets.test_stall_pickup import _tuesday_morning, booked, market, stall  # noqa: F401
