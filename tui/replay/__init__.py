"""Replaying a recorded drill in the console: read-only, at any simulated time.

:mod:`tui.replay.timeline` records the drill once, :mod:`tui.replay.session` positions a
read-only view of it anywhere, :mod:`tui.replay.app` is the console around that view.
"""
