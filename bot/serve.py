"""`adapt serve`: Socket Mode with SLACK_APP_TOKEN, otherwise HTTP through uvicorn."""

import logging
import sys

from slack_bolt.error import BoltError

from bot.app import create_app
from bot.settings import SettingsError, load_settings

log = logging.getLogger("adapt.serve")


class _NoSecrets(logging.Filter):
    """Last line of defence: drop any log record that carries a Slack token."""

    def filter(self, record: logging.LogRecord) -> bool:
        text = record.getMessage()
        return not any(marker in text for marker in ("xoxb-", "xoxp-", "xapp-", "xoxe"))


def configure_logging() -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    handler.addFilter(_NoSecrets())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.INFO)


def serve(host: str, port: int) -> int:
    configure_logging()
    try:
        settings = load_settings()
    except SettingsError as error:
        print(f"adapt serve: {error}", file=sys.stderr)
        return 2
    try:
        app = create_app(settings)
    except BoltError as error:  # auth.test refused the token, or Slack could not be reached
        print(f"adapt serve: Slack refused to start the app: {error}", file=sys.stderr)
        return 2
    if settings.socket_mode:
        from slack_bolt.adapter.socket_mode import SocketModeHandler

        log.info("serving over Socket Mode")
        SocketModeHandler(app, settings.app_token.get_secret_value()).start()  # type: ignore[union-attr]
        return 0
    import uvicorn

    from bot.asgi import AdaptRequestHandler

    handler = AdaptRequestHandler(app)
    log.info("serving HTTP on %s:%s at /slack/events", host, port)
    uvicorn.run(handler, host=host, port=port, log_config=None, access_log=False,
                timeout_graceful_shutdown=20)
    handler.close()
    return 0
