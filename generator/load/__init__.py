"""Stage 1, reading: the content files, the article, the seeds and the templates'
assets, as text and YAML nodes.
"""
