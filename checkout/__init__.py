"""Checkout: Oscar's checkout app forked into one page that places one order per shop."""
