"""Block Kit: every message and view the app sends, rendered from the Jinja templates in
`templates/` and checked against Slack's limits before it is sent.

- `messages`: one function per payload (the view model its template needs);
- `templates/`: the payloads' layout, one `.json.j2` file each, with `_macros.j2` for the pieces
  several of them share (the scenario line, an option's card, a preset row, a saved row);
- `pieces`: Block Kit's smallest pieces as Python helpers, mrkdwn escaping, mentions and dates;
- `render`: the Jinja environment for these templates;
- `limits`: Slack's limits, walked on every payload.
"""

from adapt.bot.blockkit.limits import (
    MESSAGE_BLOCKS,
    VIEW_BLOCKS,
    BlockKitError,
    check_message,
    check_view,
)
from adapt.bot.blockkit.messages import (
    CHOOSE,
    HOME_RECENT,
    HOME_SAVED,
    LIST_PAGE,
    MARKDOWN_CHUNK,
    OPTION_NAMES,
    SENTENCE_BLOCK,
    canvas_message,
    chart_message,
    choose_message,
    compare_message,
    cost_view,
    details_message,
    error_message,
    help_message,
    home_view,
    inspect_message,
    keys_message,
    markdown_chunks,
    markdown_export_message,
    markdown_message,
    markdown_text,
    modal_view,
    more_message,
    notice_message,
    presets_message,
    result_message,
    save_modal_view,
    saved_list_message,
    scenario_args,
)
from adapt.bot.blockkit.pieces import SlackImage

__all__ = [
    "CHOOSE",
    "HOME_RECENT",
    "HOME_SAVED",
    "LIST_PAGE",
    "MARKDOWN_CHUNK",
    "MESSAGE_BLOCKS",
    "OPTION_NAMES",
    "SENTENCE_BLOCK",
    "VIEW_BLOCKS",
    "BlockKitError",
    "SlackImage",
    "canvas_message",
    "chart_message",
    "check_message",
    "check_view",
    "choose_message",
    "compare_message",
    "cost_view",
    "details_message",
    "error_message",
    "help_message",
    "home_view",
    "inspect_message",
    "keys_message",
    "markdown_chunks",
    "markdown_export_message",
    "markdown_message",
    "markdown_text",
    "modal_view",
    "more_message",
    "notice_message",
    "presets_message",
    "result_message",
    "save_modal_view",
    "saved_list_message",
    "scenario_args",
]
