"""The pygame front end: screens, widgets and the game controller.

Only this package imports pygame (a test keeps the core headless). `game.ui.controller`
and `game.ui.worker` are plain Python too, so the worker process that computes live odds
never imports pygame either; the score and the brief's tables are in the core
(`game.scoring`).
"""
