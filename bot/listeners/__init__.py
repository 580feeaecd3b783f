"""Bolt listeners grouped by kind; each module has register(app)."""

from slack_bolt import App

from adapt.bot.listeners import (
    actions,
    commands,
    events,
    shortcuts,
    steps,
    suggestions,
    views,
)


def register_listeners(app: App) -> None:
    commands.register(app)
    views.register(app)
    events.register(app)
    shortcuts.register(app)
    steps.register(app)
    suggestions.register(app)
    actions.register(app)  # last: it ends with the catch-all for unknown actions
