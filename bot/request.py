"""One request from Slack, read once: who asked, where, the workspace's store, and how the answer
goes back.

Bolt hands each listener the payload (`body`), the request's `context` and a Web API `client`.
A listener acks first (Slack waits 3 seconds at most), then reads those three into a `Turn` and
passes the Turn on: the flows never see a payload, so a fact is read from it in one place.
"""

from dataclasses import dataclass, replace
from typing import Any

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient

from adapt.bot.delivery import deliver
from adapt.bot.payloads import (
    USER_ID,
    channel_of,
    response_url_of,
    team_in,
    team_of,
    trigger_of,
    user_of,
)
from adapt.storage.store import Store

STORE_KEY = "adapt_store"  # where bot.app puts the Store in each request's context


def acknowledge(ack: Ack) -> None:
    """The ack of a listener whose work all comes after the response (a lazy listener)."""
    ack()


@dataclass(frozen=True)
class Turn:
    """A person's request and everything needed to answer it."""

    client: WebClient
    user: str  # as the payload names them: replies go there; USER_ID checks it before storage
    team: str | None  # the signed request's workspace, checked: the scope of every stored row
    channel: str | None  # the conversation, when the payload names a well-formed one
    response_url: str | None
    trigger_id: str  # opens a form, once, within 3 seconds
    store: Store | None  # None: no database was given (a listener called on its own)
    replace: bool = False  # answers replace the message the person clicked
    team_named: str = ""  # the workspace the payload names, for log lines only

    @classmethod
    def read(cls, body: dict[str, Any], client: WebClient,
             context: BoltContext | None) -> "Turn":
        """The request as Bolt hands it over: the payload, the client, and the context (the
        store and the signed workspace; None gives neither)."""
        team, store = (None, None) if context is None else (team_of(context),
                                                             context.get(STORE_KEY))
        return cls(client=client, user=user_of(body), team=team, channel=channel_of(body),
                   response_url=response_url_of(body), trigger_id=trigger_of(body), store=store,
                   team_named=team_in(body))

    def replacing(self, replace_it: bool = True) -> "Turn":
        """This turn, its answers replacing the clicked message (or not)."""
        return replace(self, replace=replace_it)

    def going_to(self, response_url: str | None, channel: str | None, *,
                 user: str = "") -> "Turn":
        """This turn, answered where a form said its answer goes; `user`: who, when the payload
        names nobody."""
        return replace(self, response_url=response_url, channel=channel, user=self.user or user)

    def storage(self) -> tuple[Store, str] | None:
        """The store and the workspace to keep this person's rows under; None without a store,
        a checked workspace or a well-formed user id."""
        if self.store is None or self.team is None or not USER_ID.match(self.user):
            return None
        return self.store, self.team

    def reply(self, message: dict[str, Any], *, in_channel: bool = False) -> str:
        """Answer the person: "response_url", "dm" or "lost" (see bot.delivery)."""
        return deliver(self.client, message, response_url=self.response_url, user_id=self.user,
                       replace=self.replace, in_channel=in_channel,
                       context=f"team={self.team_named}")
