"""Every id Slack sends back to us: the action ids on buttons and selects, the callback ids of
views, shortcuts and workflow steps. Templates take them from here (the Jinja globals `Action`
and `Callback`) and listeners register on them, so a button cannot name an action nobody handles
(tests/test_ids.py)."""

from enum import StrEnum


class Action(StrEnum):
    """action_id of every button and select the app sends; each has a handler."""

    SHOW_DETAILS = "show_details"  # the full analysis, in place of the first screen
    BACK_TO_SUMMARY = "back_to_summary"  # from the full analysis back to the first screen
    INSPECT_OPTION = "inspect_option"  # a ranked option's card, in place of the analysis
    BACK_TO_RESULT = "back_to_result"  # from an option's card back to the full analysis
    SHARE_RESULT = "share_result"
    MARKDOWN_EXPORT = "markdown_export"
    COST_CHART = "cost_chart"
    EDIT_INPUTS = "edit_inputs"  # the form, prefilled with the result's scenario
    RUN_PRESET = "run_preset"
    RUN_SCENARIO = "run_scenario"  # App Home: run a recent result again
    PRESET_SELECT = "preset_select"  # the form's preset picker: refills the form
    EDIT_COSTS = "edit_costs"  # the form's Cost inputs button: pushes the cost form
    SAVE_SCENARIO = "save_scenario"  # the Save button under a result: asks for a name
    SAVE_OVERWRITE = "save_overwrite"
    SAVE_CANCEL = "save_cancel"
    OPEN_SAVED = "open_saved"
    EDIT_SAVED = "edit_saved"
    LIST_PAGE = "list_page"
    SHOW_HELP = "show_help"  # Help under an error
    CREATE_CANVAS = "create_canvas"  # the decision record as a Slack canvas
    COMPARE_WITH = "compare_with"  # the form, prefilled, to compare against this result
    COMPARE_MARKDOWN = "compare_markdown"  # a comparison as Markdown for a design doc
    RESULT_MENU = "result_menu"  # the overflow menu under a result: Markdown, Cost chart, Save
    MORE_ACTIONS = "more_actions"  # instead of that menu when the scenario is too long for it
    OPEN_FORM = "open_form"  # the form, from App Home, help or an error


class Callback(StrEnum):
    """callback_id of every view the app opens or publishes."""

    MODAL = "adapt_modal"  # the scenario form
    COST = "cost_modal"  # the cost inputs, pushed over the scenario form
    SAVE = "save_modal"  # the name form of the Save button
    HOME = "adapt_home"  # App Home (published, never submitted)


class Shortcut(StrEnum):
    """callback_id of the app's shortcuts (manifest.yaml, features.shortcuts)."""

    DECIDE = "adapt_decide_form"  # global: the form, from anywhere
    EVALUATE = "adapt_evaluate_message"  # message: read the message's text as the scenario


class Step(StrEnum):
    """callback_id of the app's Workflow Builder steps (manifest.yaml, functions)."""

    DECIDE = "adapt_decide"


INPUT_VALUE = "value"  # action_id of every input element: where a view's state keeps its value
