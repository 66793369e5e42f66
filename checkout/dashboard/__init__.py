"""The merchant's phone order (call & collect): the same checkout, recorded by the shop."""
