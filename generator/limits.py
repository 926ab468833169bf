"""How much the generator reads: limits shared by the command line and the readers.

A module of its own, importing nothing, so that the command line can name the
limits before it has imported the readers (see cli.run_build).
"""

MAX_FILE_BYTES = 5 * 1024 * 1024  # one content or seed file; a story never needs more
