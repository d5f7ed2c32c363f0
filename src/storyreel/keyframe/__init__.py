"""Keyframe rendering: one image per shot, behind one interface."""
