"""Storage: saved scenarios and result records on SQLAlchemy, with Alembic migrations.

Imports nothing of Slack, so `adapt db upgrade` runs without loading the Slack app.
"""
