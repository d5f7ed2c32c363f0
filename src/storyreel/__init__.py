"""StoryReel: story in, storyboard and narrated video out."""

__version__ = "0.1.0"
