"""Town pickup points: several shops' orders of one checkout collected at one place, with one code."""
