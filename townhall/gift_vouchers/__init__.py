"""The town hall's gift voucher pages: issuing them, and what was issued, spent and is owed to shops."""
