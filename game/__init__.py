"""Penholder: a serious game and simulator of UN Security Council negotiations.

The core (everything in ``game`` except ``game.ui``) never imports pygame.
"""

__version__ = "0.2.0"
