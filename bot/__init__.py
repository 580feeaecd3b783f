"""The Slack app: the only package that imports slack_bolt."""
