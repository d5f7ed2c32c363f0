"""Image-to-video for one shot: Ken Burns (default, ffmpeg) or Stable Video Diffusion."""
