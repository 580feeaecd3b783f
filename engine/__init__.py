"""The Adapt engine: scenario in, report out. Pure: no Slack, no Jinja, no I/O."""

from adapt.engine.args import ArgumentError, Parsed, parse_input, parse_scenario
from adapt.engine.report import Report, evaluate, evaluate_input
from adapt.engine.scenario import Scenario

__all__ = ["ArgumentError", "Parsed", "Report", "Scenario", "evaluate", "evaluate_input",
           "parse_input", "parse_scenario"]
