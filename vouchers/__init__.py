"""Town gift vouchers: Oscar vouchers of a fixed amount, issued by the town hall and spent across shops."""
