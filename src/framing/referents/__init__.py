"""Referents: the things an event's articles talk about, and the users' corrections of them."""
