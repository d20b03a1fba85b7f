"""Each row of a plan is a fieldset named "Activity 2", "Key decision 1", ...: its
"Description" and "Target month" are read with the row they belong to. The "Goals"
field is not wrapped in a legend of the same words (read as "Goals Goals")."""

import re

from tests.action_plans.conftest import capability_url, make_capability, make_plan


def test_each_row_is_a_fieldset_named_by_its_number(cast, login):
    capability = make_capability(cast.milestone)
    make_plan(capability, activities=3, decisions=2, changes=1, indicators=1)
    html = login(cast.lead).get(capability_url(capability)).content.decode()
    for noun, rows in (("Activity", 3), ("Key decision", 2), ("Structural change", 1)):
        for number in range(1, rows + 1):
            assert re.search(
                r'<fieldset class="formset-row[^"]*" id="[\w-]+">\s*'
                rf'<legend class="h6 mb-1">{noun} <span data-row-number>{number}</span></legend>',
                html,
            ), f"{noun} {number}"
    assert "<legend" not in html.split('id="goals"', 1)[1].split("</div>", 2)[0]
    assert re.search(r'<label\s[^>]*for="id_goals"[^>]*>\s*Goals', html)
