"""Fork of Oscar's catalogue dashboard: a merchant sees and edits only their own shop's products."""
