"""The story as frozen dataclasses: what the content files mean once read."""
