"""The story-to-video pipeline: storyboard, keyframes, narration, export."""
