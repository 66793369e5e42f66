"""Dashboard pages about shops: the merchant's "My shop" and the town hall's application queue."""
