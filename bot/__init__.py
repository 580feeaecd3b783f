"""The Slack app: the only package that imports slack_bolt and slack_sdk.

- `app`: the app factory (settings, storage, Web API client, middleware, listeners), with
  `settings` (the environment, validated), `installs` (OAuth) and `middleware` (duplicates,
  payloads Bolt cannot route);
- `listeners/`: Bolt listeners by kind (commands, actions, views, events), each `register(app)`;
  each acks first, then reads its request once into a `request.Turn` (who, where, the store,
  how to reply) and hands only that on;
- `flows/`: what the listeners share: results, the scenario form, saved scenarios, the chart;
- `blockkit/`: every payload, from Jinja templates, with its pieces and Slack's limits;
- `payloads`, `ids`: reading what Slack sends, and the action and callback ids;
- `delivery`: the reply's way to the person (response_url, then a DM), with retries;
- `serving/`: `adapt serve`, over Socket Mode or HTTP.
"""
