"""Text utilities every engine shares: language detection, sentence splitting with offsets,
subtitle geometry (how much text fits on screen) and reading a scene from words.

Depends only on the contract; the storyboard planner, the compositor and the sketch renderer
all build on it, so none of them imports another for these.
"""
