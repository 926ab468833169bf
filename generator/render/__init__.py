"""Stage 4, rendering: every file of the site, in memory, through Jinja and Markdown."""
