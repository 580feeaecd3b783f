"""The decision record as a Slack canvas: create it (canvases.create, scope canvases:write), let
the person edit it and the conversation read it (canvases.access.set), and post its link. When
Slack refuses (no scope, canvases turned off, the plan's limits...), the person is told why in
one line and gets the Markdown export instead: nothing is lost."""

import logging

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from adapt.bot.blockkit import canvas_message, error_message, markdown_message
from adapt.bot.delivery import failure_reason
from adapt.bot.request import Turn
from adapt.engine import Report
from adapt.engine.scenario import PROBLEM_LABELS
from adapt.templates import render_canvas

log = logging.getLogger("adapt.canvas")

# Slack's refusals a person can do something about, and what to tell them. The codes are
# canvases.create's documented errors (docs.slack.dev/reference/methods/canvases.create).
REFUSALS: dict[str, str] = {
    "missing_scope": "Adapt was installed without the `canvases:write` scope: a workspace admin"
                     " can reinstall it from its manifest to allow canvases",
    "canvas_disabled_user_team": "canvases are turned off in this workspace",
    "canvas_creation_failed": "Slack could not create the canvas just now",
    "team_tier_cannot_create_channel_canvases": "this workspace's plan does not allow more"
                                                " canvases",
    "free_team_canvas_tab_already_exists": "this workspace's plan allows one canvas per channel,"
                                           " and this channel has it",
    "free_teams_cannot_create_non_tabbed_canvases": "this workspace's plan allows canvases only"
                                                    " as a channel's tab",
    "restricted_action": "a workspace setting does not let Adapt create canvases",
}
FALLBACK = "; here is the Markdown for your design doc instead"


def title_of(report: Report) -> str:
    return f"ADR: {report.winner.name} for {PROBLEM_LABELS[report.scenario.problem]}"


def _shareable(channel: str | None) -> bool:
    """A channel or group whose members can be granted the canvas (not a DM)."""
    return channel is not None and channel[0] in "CG"


def create_canvas(turn: Turn, report: Report) -> str:
    """Create the canvas and tell the conversation; on a refusal, say why and send the Markdown.
    Returns "canvas" or "markdown": what the person got."""
    client, title, user, channel = turn.client, title_of(report), turn.user, turn.channel
    try:
        made = client.canvases_create(
            title=title, document_content={"type": "markdown", "markdown": render_canvas(report)})
    except (SlackApiError, OSError) as error:
        reason = failure_reason(error)
        log.warning("canvases.create refused: %s", reason)
        told = REFUSALS.get(reason, f"Slack refused to create the canvas ({reason})")
        turn.reply(error_message(told + FALLBACK))
        turn.reply(markdown_message(report))
        return "markdown"
    canvas_id = str(made.get("canvas_id") or "")
    shared = _grant(client, canvas_id, user, channel)
    link = _permalink(client, canvas_id)
    where = turn.reply(canvas_message(title, link, user=user, channel=channel, shared=shared),
                       in_channel=shared)
    if where == "lost" and shared:  # the conversation would not take it: tell the person
        turn.reply(canvas_message(title, link, user=user, channel=None, shared=False))
    return "canvas"


def _grant(client: WebClient, canvas_id: str, user: str, channel: str | None) -> bool:
    """The person may edit the canvas the bot owns; the conversation may read it. True when the
    conversation was granted."""
    try:
        client.canvases_access_set(canvas_id=canvas_id, access_level="write", user_ids=[user])
    except (SlackApiError, OSError) as error:
        log.warning("canvases.access.set for the person failed: %s", failure_reason(error))
    if not _shareable(channel):
        return False
    try:
        client.canvases_access_set(canvas_id=canvas_id, access_level="read",
                                   channel_ids=[channel])
    except (SlackApiError, OSError) as error:
        log.warning("canvases.access.set for the channel failed: %s", failure_reason(error))
        return False
    return True


def _permalink(client: WebClient, canvas_id: str) -> str | None:
    """A canvas is a file: files.info gives its link (files:read)."""
    try:
        link = (client.files_info(file=canvas_id).get("file") or {}).get("permalink")
    except (SlackApiError, OSError) as error:
        log.info("files.info for the canvas failed: %s", failure_reason(error))
        return None
    return link if isinstance(link, str) and link.startswith("https://") else None
