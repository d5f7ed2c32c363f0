"""Narration: speech for each shot, from offline voices."""
