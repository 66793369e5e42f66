"""Weekly markets: their calendar, stallholders, and the slots of pickups at a stall."""
