"""Stage 2, validation: YAML nodes into the model, every quote found in its source, the
story checked against itself.
"""
