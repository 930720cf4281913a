"""Controls as data (nhs_assurance.core.control): a control's type and owner, the control IDs a
hazard lists, and the warnings that tie hazards to controls."""

from __future__ import annotations

import pytest
from nhs_assurance.core.control import closed_unverified as closed_check
from nhs_assurance.core.control import (
    hazards_by_control,
    read_control_options,
    split_control_ids,
    unknown_controls,
)
from nhs_assurance.core.problems import Subtype
from nhs_assurance.core.verification import Verification


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ({"type": "design"}, ("design", "manufacturer")),
        ({"type": " Business process ", "owner": "Deployer"}, ("business-process", "deployer")),
        ({"type": "TRAINING", "owner": "manufacturer"}, ("training", "manufacturer")),
        ({"type": "business_process"}, ("business-process", "manufacturer")),
    ],
)
def test_a_controls_type_and_owner_are_read_leniently(
    options: dict[str, str], expected: tuple[str, str]
) -> None:
    read = read_control_options(options)
    assert (read.type, read.owner) == expected and read.problems == ()


def test_a_missing_or_unknown_type_or_owner_is_a_typed_problem() -> None:
    missing = read_control_options({})
    assert missing.type is None
    assert [(p.subtype, p.option, p.message) for p in missing.problems] == [
        (Subtype.MISSING_OPTION, "type", "the :type: option is missing")
    ]
    bad = read_control_options({"type": "testing", "owner": "supplier"})
    assert (bad.type, bad.owner) == (None, "manufacturer")
    assert [(p.subtype, p.option, p.message) for p in bad.problems] == [
        (
            Subtype.BAD_CONTROL_TYPE,
            "type",
            ":type: 'testing' is not one of design, training, business-process",
        ),
        (
            Subtype.BAD_CONTROL_TYPE,
            "owner",
            ":owner: 'supplier' is not one of manufacturer, deployer; the control is shown as the manufacturer's",
        ),
    ]


def test_a_hazards_control_ids_are_split_each_once_in_order() -> None:
    ids, problems = split_control_ids(
        " CTL-902, CTL-901 ,ctl-902,, not an id ", "additional-controls"
    )
    assert ids == ["CTL-902", "CTL-901"]
    (problem,) = problems
    assert problem.subtype is Subtype.UNKNOWN_CONTROL
    assert problem.option == "additional-controls"
    assert (
        problem.message == ":additional-controls: 'not an id' is not a control ID (e.g. 'CTL-001')"
    )


def test_a_control_no_page_declares_is_unknown() -> None:
    (problem,) = unknown_controls(
        ["ctl-901", "CTL-999"], "existing-controls", {"CTL-901": object()}
    )
    assert problem.subtype is Subtype.UNKNOWN_CONTROL
    assert problem.message == ":existing-controls: no page declares the control 'CTL-999'"


def test_a_closed_hazard_needs_its_additional_controls_verified_or_evidenced() -> None:
    states = {
        "CTL-901": Verification.VERIFIED,
        "CTL-902": Verification.EVIDENCE,
        "CTL-903": Verification.MISSING,
        "CTL-904": Verification.NONE,
    }
    assert closed_check("HAZ-901", "closed", ["CTL-901", "ctl-902"], states) is None
    assert closed_check("HAZ-901", "open", ["CTL-903"], states) is None
    problem = closed_check(
        "HAZ-901", "closed", ["CTL-901", "CTL-903", "CTL-904", "CTL-999"], states
    )
    assert problem is not None and problem.subtype is Subtype.CLOSED_UNVERIFIED
    assert problem.option == "status"
    assert problem.message == (
        "HAZ-901 is closed but relies on additional controls that are not verified: "
        "CTL-903 (missing), CTL-904 (none), CTL-999 (unknown)"
    )


def test_each_control_knows_the_hazards_that_list_it() -> None:
    assert hazards_by_control(
        [
            ("HAZ-2", ["CTL-901"], ["ctl-902", "CTL-901"]),
            ("HAZ-10", [], ["CTL-901"]),
        ]
    ) == {"CTL-901": ["HAZ-2", "HAZ-10"], "CTL-902": ["HAZ-2"]}
