"""The Adapt engine: scenario in, report out. Pure: no Slack, no Jinja, no I/O."""

from adapt.engine.args import ArgumentError, parse_scenario
from adapt.engine.report import Report, evaluate
from adapt.engine.scenario import Scenario

__all__ = ["ArgumentError", "Report", "Scenario", "evaluate", "parse_scenario"]
