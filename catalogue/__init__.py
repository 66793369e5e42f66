"""Fork of Oscar's catalogue app: a product page shows only products residents may buy from."""
