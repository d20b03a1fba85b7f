"""The completeness check is always open: "Check and submit" leads to it at any time, it
lists every unmet rule of the milestone by part, each a link to the field that fixes it,
and it offers the submit form only once the list is empty."""

import re
from html import unescape

from django.urls import reverse

from submissions.completeness import parts
from tests import factories


def check_url(milestone):
    return reverse("submissions:submit", args=[milestone.pk])


def links(html):
    """(href, text) of every link of the page's main content."""
    main = html.split('<main id="main"', 1)[1]
    return [
        (unescape(href), unescape(re.sub(r"<[^>]+>", "", text)).strip())
        for href, text in re.findall(r'<a [^>]*href="([^"]*)"[^>]*>(.*?)</a>', main, re.S)
    ]


def test_check_and_submit_is_a_working_link_while_rules_are_unmet(cast, login):
    html = login(cast.lead).get(cast.milestone.get_absolute_url()).content.decode()
    button = re.search(r"<a [^>]*>Check and submit</a>", html).group(0)
    assert "disabled" not in button
    assert f'href="{check_url(cast.milestone)}"' in button
    assert "rules are still unmet" in html


def test_the_milestone_page_links_the_first_rules_of_each_part_and_the_check_for_all(cast, login):
    html = login(cast.lead).get(cast.milestone.get_absolute_url()).content.decode()
    found = links(html)
    for part in parts(cast.milestone):
        shown = [(p.url, p.message) for p in part.problems[:5]]
        assert all(link in found for link in shown), part.key
        if len(part.problems) > 5:
            assert (
                f"{check_url(cast.milestone)}#part-{part.key}",
                f"See all {len(part.problems)} unmet rules of part {part.letter}",
            ) in found
            assert (part.problems[5].url, part.problems[5].message) not in found
    assert "more</li>" not in html
    assert "… and" not in html


def test_a_coach_who_cannot_open_the_check_sees_every_rule_linked(cast, login):
    html = login(cast.coach).get(cast.milestone.get_absolute_url()).content.decode()
    found = links(html)
    for part in parts(cast.milestone):
        assert all((p.url, p.message) in found for p in part.problems)
    assert "See all" not in html
    assert check_url(cast.milestone) not in html


def test_the_check_lists_every_unmet_rule_by_part_and_offers_no_form(cast, login):
    response = login(cast.lead).get(check_url(cast.milestone))
    html = response.content.decode()
    found = links(html)
    task_parts = parts(cast.milestone)
    unmet = sum(len(part.problems) for part in task_parts)
    assert f"{unmet} rules are still unmet" in html
    for part in task_parts:
        assert f'id="part-{part.key}"' in html
        heading = re.search(rf'<h3[^>]*id="part-{part.key}"[^>]*>(.*?)</h3>', html, re.S)
        assert f"Part {part.letter} · {part.title}" in unescape(heading.group(1))
        assert all((p.url, p.message) in found for p in part.problems)
    # In template order: part A's rules before part B's, B's before C's.
    positions = [html.index(f'id="part-{part.key}"') for part in task_parts]
    assert positions == sorted(positions)
    assert "Sign and submit" not in html
    assert 'name="attest"' not in html


def test_a_complete_part_is_named_complete_on_the_check(cast, login):
    factories.answer_all(cast.milestone, cast.respondent)
    html = login(cast.lead).get(check_url(cast.milestone)).content.decode()
    assert 'id="part-vapcat"' not in html
    assert re.search(r"Complete</span> Part A · <a [^>]*>VaPCAT self-assessment</a>", html)


def test_the_check_of_a_complete_milestone_offers_the_submit_form(cast, login):
    factories.complete_milestone(cast.milestone, cast.respondent)
    html = login(cast.lead).get(check_url(cast.milestone)).content.decode()
    assert "cannot be submitted yet" not in html
    assert "Sign and submit version 1" in html
