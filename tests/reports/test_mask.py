"""framing.reports.mask: nothing in a lesson's text names or betrays an outlet."""

from __future__ import annotations

import pytest

from framing.reports import mask

LABELS = {"Fox News": "Outlet A", "CNN (Web News)": "Outlet B", "The New York Times": "Outlet C"}
OTHERS = ["Washington Times", "The Hill", "Reason"]


def _masked(text: str) -> str:
    return mask.mask_text(text, LABELS, OTHERS)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("BEIJING, Nov. 1 -- China said no.", "China said no."),
        ("WASHINGTON (AP) — The vote passed.", "The vote passed."),
        ("LONDON, Reuters - The minister spoke.", "The minister spoke."),
        ("Washington (CNN)The vote passed.", "The vote passed."),
        ("SAN JUAN, Puerto Rico, Sept. 20, 2017 — Rain fell.", "Rain fell."),
        ("First line.\nNEW YORK (Reuters) - Markets fell.", "First line.\nMarkets fell."),
    ],
)
def test_reports_mask_removes_datelines(text: str, expected: str) -> None:
    assert _masked(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("She told Fox News on Sunday.", "She told Outlet A on Sunday."),
        ("She told FOX NEWS on Sunday.", "She told Outlet A on Sunday."),
        ("CNN's Jake Tapper asked.", "Outlet B's Jake Tapper asked."),
        ("as the New York Times reported", "as Outlet C reported"),
        ("The NYT and NYTimes said", "Outlet C and Outlet C said"),
        # NYT and the Washington Times are both "the Times"
        ("The Times reported that", "The outlet reported that"),
        ("sources told this newspaper", "sources told this outlet"),
        ("Fox News' own poll", "Outlet A's own poll"),
        (
            "an interview with The Hill on Capitol Hill",
            "an interview with another outlet on Capitol Hill",
        ),
        ("for no reason at all, Reason wrote", "for no reason at all, another outlet wrote"),
    ],
)
def test_reports_mask_outlet_names_and_self_references(text: str, expected: str) -> None:
    assert _masked(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Read more at FoxNews.com today.", "Read more at Outlet A today."),
        ("See www.nytimes.com/2020/01/01/world.html for more.", "See Outlet C for more."),
        ("Follow @CNN and @FoxNews.", "Follow Outlet B and Outlet A."),
        ("on cnn.com and edition.cnn.com", "on Outlet B and Outlet B"),
        ("Source: https://t.co/xyz", "Source: [link]"),
        ("Follow @JaneDoeCNN and @politicalticker", "Follow [handle] and [handle]"),
        ("write to desk@example.org", "write to desk@example.org"),
    ],
)
def test_reports_mask_web_domains_and_handles(text: str, expected: str) -> None:
    assert _masked(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The talks (Reuters) went on.", "The talks went on."),
        ("The talks went on (AP).", "The talks went on."),
        ("AFP said so.", "A news agency said so."),
        ("according to the Associated Press, it rained", "according to a news agency, it rained"),
        ("It rained. Associated Press contributed to this report.", "It rained."),
        ("By Jane Doe, Reuters\nIt rained.", "It rained."),
        ("By JANE DOE and JOHN ROE | AP\nIt rained.", "It rained."),
        ("By Jane Doe\nIt rained.", "It rained."),
        ("Reuters' reporters saw it.", "A news agency's reporters saw it."),
        ("in Texas. REUTERS/Mike Blake The families", "in Texas. The families"),
        ("a rally. AP Photo/Jane Doe Later", "a rally. Later"),
    ],
)
def test_reports_mask_wire_credits_and_bylines(text: str, expected: str) -> None:
    assert _masked(text) == expected


def test_reports_mask_keeps_ordinary_words() -> None:
    text = "The times were hard; a fox ran up the hill. Press the tap; ap is not afp."
    assert _masked(text) == text


def test_reports_mask_form_two_outlets_share_is_masked_neutrally() -> None:
    labels = {"The New York Times": "Outlet A", "Los Angeles Times": "Outlet B"}
    assert mask.mask_text("The Times said", labels) == "The outlet said"
    assert mask.mask_text("NYTimes and LATimes", labels) == "Outlet A and Outlet B"


def test_reports_mask_name_variants_are_only_unambiguous_forms() -> None:
    forms = mask.name_variants("The New York Times")
    assert {"New York Times", "NYTimes", "NewYorkTimes"} <= set(forms)
    assert forms["NYT"] is True and forms["the Times"] is True  # matched as written
    assert "Times" not in forms and "New" not in forms
    assert "Hill" not in mask.name_variants("The Hill")
    assert {"Fox", "Fox News"} <= set(mask.name_variants("Fox Online News"))


def test_reports_mask_wire_list_is_data() -> None:
    data = mask.rules()
    assert "Reuters" in data["wires"] and "AP" in data["matched_upper"]
    assert all(isinstance(w, str) for w in data["wires"] + data["self_references"])


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Flood bill passes | The New York Times", "Flood bill passes"),
        ("Flood bill passes - Fox News", "Flood bill passes"),
        ("CNN: Flood bill passes", "Flood bill passes"),
        ("Fox News poll: voters split", "Outlet A poll: voters split"),
        ("Washington Times", "Another outlet"),
    ],
)
def test_reports_mask_title_drops_a_site_name_at_either_end(title: str, expected: str) -> None:
    assert mask.mask_title(title, LABELS, OTHERS) == expected
