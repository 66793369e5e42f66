"""Fork of Oscar's orders dashboard: a merchant sees only their shop's orders."""
