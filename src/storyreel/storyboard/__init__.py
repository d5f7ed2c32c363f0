"""Storyboard writing: story text in, ordered shots out."""
