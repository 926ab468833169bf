"""Allow `python -m generator`."""

from generator.launch import entry

entry()
