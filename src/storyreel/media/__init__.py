"""Media: the ffmpeg compositor, subtitles, probing and narration tracks."""
