"""Card payments through Stripe: one PaymentIntent per checkout, webhooks, expiry of unpaid checkouts."""
