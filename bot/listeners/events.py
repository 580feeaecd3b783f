"""Events API: App Home, and forgetting a workspace's tokens when Slack revokes them."""

import logging
from typing import Any

from slack_bolt import App, BoltContext
from slack_bolt.listener.builtins import TokenRevocationListeners
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.exc import SQLAlchemyError

from adapt.bot.blockkit import HOME_RECENT, HOME_SAVED, home_view
from adapt.bot.delivery import failure_reason
from adapt.bot.payloads import USER_ID
from adapt.bot.request import Turn, acknowledge

log = logging.getLogger("adapt.events")


def register(app: App) -> None:
    # Ack inside the request; publishing the Home tab runs after the response (lazy listener).
    app.event("app_home_opened")(ack=acknowledge, lazy=[home_opened])
    store = app.installation_store
    if store is None:  # token mode: one workspace, no installations to forget
        app.event("tokens_revoked")(_noted)
        app.event("app_uninstalled")(_noted)
        return
    builtin = TokenRevocationListeners(store)

    def tokens_revoked(event: dict[str, Any], context: BoltContext) -> None:
        builtin.handle_tokens_revoked_events(event, context)
        log.info("tokens revoked: installations deleted for team=%s", context.team_id)

    def app_uninstalled(context: BoltContext) -> None:
        builtin.handle_app_uninstalled_events(context)
        log.info("app uninstalled: installations deleted for team=%s", context.team_id)

    app.event("tokens_revoked")(tokens_revoked)
    app.event("app_uninstalled")(app_uninstalled)


def _noted(event: dict[str, Any], context: BoltContext) -> None:
    log.info("%s for team=%s (token mode: nothing stored to delete)", event.get("type"),
             context.team_id)


def home_opened(body: dict[str, Any], event: dict[str, Any], client: WebClient,
                context: BoltContext) -> None:
    """Publish the Home tab each time a person opens it, with the workspace's saved scenarios
    and that person's recent results."""
    if event.get("tab", "home") != "home":
        return
    turn = Turn.read(body, client, context)
    user, team, store = str(event.get("user") or ""), turn.team, turn.store
    if not USER_ID.match(user) or team is None or store is None:
        return
    try:
        saved = store.list_saved(team, limit=HOME_SAVED)
        total = store.count_saved(team) if len(saved) == HOME_SAVED else len(saved)
        recent = store.recent(team, user, limit=HOME_RECENT)
        readable = True
    except SQLAlchemyError as error:
        log.error("home: database unavailable: %s", type(error).__name__)
        saved, total, recent, readable = [], 0, [], False
    view = home_view(saved, total, recent, retention_days=store.retention.days,
                     readable=readable)
    try:
        turn.client.views_publish(user_id=user, view=view)
    except SlackApiError as error:
        log.error("views.publish failed: %s", failure_reason(error))
