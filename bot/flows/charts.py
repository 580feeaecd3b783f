"""The cost chart in Slack: draw it, upload it, and show it in an image block.

The PNG is uploaded with files_upload_v2 and no channel: a private upload needs no membership in
the conversation (an ephemeral result may sit in a channel the bot is not in), and the message
that shows it, sent through the response_url like every other reply, references the file by id
(`slack_file`), so no public URL is ever made. Slack finishes processing an upload after
files.completeUploadExternal returns and refuses an image block for a file it has not processed
yet, so the bot waits, briefly and boundedly, for files.info to report the file's type.

Whatever fails (drawing, uploading, or Slack refusing the image), the message still goes out,
without the image and with a short note saying so.
"""

import logging
import time
from collections.abc import Callable
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackClientError

from adapt.bot.blockkit import SlackImage
from adapt.bot.delivery import failure_reason
from adapt.bot.request import Turn
from adapt.engine import Report
from adapt.templates.charts import cost_chart

log = logging.getLogger("adapt.charts")

READY_WAITS = (0.25, 0.5, 1.0, 1.5)  # seconds between files.info looks: 3.25 s at most
UPLOAD_ALT_TEXT = 1_000  # files.getUploadURLExternal refuses a longer alt_txt
NOT_ATTACHED = "The cost chart could not be attached; the figures are in the text."
NOT_ATTACHED_SHARED = "The cost chart could not be attached; Details has the figures."


def upload_cost_chart(client: WebClient, report: Report,
                      waits: tuple[float, ...] = READY_WAITS) -> SlackImage | None:
    """Draw and upload the report's cost chart; None when either fails (the reason is logged)."""
    try:
        chart = cost_chart(report)
    except Exception as error:  # a drawing bug must cost the picture, never the reply
        log.error("cost chart could not be drawn: %s", type(error).__name__)
        return None
    try:
        response = client.files_upload_v2(file=chart.png, filename=chart.filename,
                                          title=chart.title,
                                          alt_txt=chart.alt_text[:UPLOAD_ALT_TEXT])
    except (SlackClientError, OSError) as error:
        log.warning("chart upload failed: %s", failure_reason(error))
        return None
    uploaded = response.get("file") or {}
    file_id = uploaded.get("id") if isinstance(uploaded, dict) else None
    if not isinstance(file_id, str) or not file_id:
        log.warning("chart upload returned no file id")
        return None
    _wait_until_processed(client, file_id, waits)
    return SlackImage(file_id=file_id, alt_text=chart.alt_text, title=chart.title)


def _wait_until_processed(client: WebClient, file_id: str, waits: tuple[float, ...]) -> bool:
    """True once files.info gives the file a mimetype; False after `waits` or if it cannot
    look (then the post is tried anyway, and falls back to no image if Slack refuses it)."""
    for pause in (0.0, *waits):
        time.sleep(pause)
        try:
            info = client.files_info(file=file_id)
        except (SlackClientError, OSError) as error:
            log.info("files.info unavailable (%s); not waiting for the upload",
                     failure_reason(error))
            return False
        if (info.get("file") or {}).get("mimetype"):
            return True
    log.info("uploaded chart still processing after %.2f s", sum(waits))
    return False


def reply_with_chart(turn: Turn, image: SlackImage | None,
                     build: Callable[[SlackImage | None, str | None], dict[str, Any]], *,
                     missing: str = NOT_ATTACHED, in_channel: bool = False) -> str:
    """Send build(image, None); if there is no image, or Slack refuses the message with it, send
    build(None, missing) instead. Returns where the message went, as Turn.reply does."""
    if image is not None:
        where = turn.reply(build(image, None), in_channel=in_channel)
        if where != "lost":
            return where
        log.warning("the message with the chart was refused; sending it without the chart")
    return turn.reply(build(None, missing), in_channel=in_channel)
