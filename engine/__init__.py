"""The Adapt engine: scenario in, report out. Pure: no Slack, no Jinja, no I/O."""

from engine.args import ArgumentError, parse_scenario
from engine.report import Report, evaluate
from engine.scenario import Scenario

__all__ = ["ArgumentError", "Report", "Scenario", "evaluate", "parse_scenario"]
