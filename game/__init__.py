"""Penholder: a serious game and simulator of UN Security Council negotiations.

The core (everything in ``game`` except ``game.ui``) never imports pygame.
"""

__version__ = "0.2.0"

from game import compiled as _compiled

# before any engine module is imported: a compiled build whose sources changed since is set
# aside, and the engine runs as Python (game/compiled.py)
_compiled.install()
