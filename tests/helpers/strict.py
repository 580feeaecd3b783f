"""The Block Kit checks the tests use: our limit walk plus slack_sdk's structural validation."""

from functools import partial

from adapt.bot.blockkit import check_message as _check_message
from adapt.bot.blockkit import check_view as _check_view

check_message = partial(_check_message, structural=True)
check_view = partial(_check_view, structural=True)
