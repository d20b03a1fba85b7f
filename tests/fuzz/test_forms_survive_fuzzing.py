"""Every form of the product, as every role, with the milestone in every status, gets
what a careless or hostile client can send: random, 1 MB, right-to-left, emoji, NUL and
other control characters, negative and out-of-range numbers, lists for single values,
missing fields, tampered formset counts, other practices' row ids, unknown fields.

Never a 500; nothing stored from a refused POST, by a role that may not change the form,
or into a read-only milestone; what was typed comes back when the form is shown again
and is on the page after a save; no redirect leaves the site. See ``harness``."""

import pytest

from tests.fuzz.forms import FORMS
from tests.fuzz.harness import fuzz


@pytest.mark.parametrize("name", sorted(FORMS))
def test_form_survives_fuzzing(world, name):
    fuzz(world, FORMS[name])
