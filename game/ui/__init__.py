"""The pygame front end: screens, widgets and the game controller.

Only this package imports pygame (a test keeps the core headless). `game.ui.controller`,
`game.ui.scoring` and `game.ui.worker` are plain Python too, so the worker process that
computes live odds never imports pygame either.
"""
