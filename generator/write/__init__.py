"""Stage 5, writing: the site swapped into place whole, or not at all."""
