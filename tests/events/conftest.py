"""Shared data of the events tests: three tiny hand-made events."""

from __future__ import annotations

import pandas as pd
import pytest

# Three tiny hand-made events, three outlets each, different wording per outlet.
TINY = [
    (
        "Wire",
        "Storm floods Riverton harbour",
        "Heavy rain flooded Riverton harbour on Monday and boats sank at the Riverton docks.",
        "2024-03-04",
        "flood",
    ),
    (
        "Daily",
        "Riverton harbour under water after storm",
        "Riverton docks were under water after a storm; the harbour master said boats sank.",
        "2024-03-04",
        "flood",
    ),
    (
        "Times",
        "Flood chaos at Riverton docks",
        "Floodwater swamped the Riverton harbour and several boats sank overnight.",
        "2024-03-05",
        "flood",
    ),
    (
        "Wire",
        "Central bank raises interest rate",
        "The central bank raised its interest rate by half a point to fight inflation.",
        "2024-03-06",
        "rates",
    ),
    (
        "Daily",
        "Rate hike to fight inflation",
        "Borrowers face higher costs as the central bank "
        "raised the interest rate to curb inflation.",
        "2024-03-06",
        "rates",
    ),
    (
        "Times",
        "Bank lifts rates again",
        "Inflation pushed the central bank to lift its interest rate again on Wednesday.",
        "2024-03-07",
        "rates",
    ),
    (
        "Wire",
        "Orchestra opens new concert hall",
        "The city orchestra opened its new concert hall with a symphony by Brahms.",
        "2024-03-08",
        "concert",
    ),
    (
        "Daily",
        "Concert hall opening night",
        "A Brahms symphony filled the new concert hall on "
        "its opening night with the city orchestra.",
        "2024-03-08",
        "concert",
    ),
    (
        "Times",
        "Orchestra christens hall",
        "The orchestra played Brahms as the new concert hall opened to the public.",
        "2024-03-09",
        "concert",
    ),
]


@pytest.fixture
def tiny() -> pd.DataFrame:
    df = pd.DataFrame(TINY, columns=["outlet", "title", "text", "published", "gold"])
    df["id"] = [f"t{i}" for i in range(len(df))]
    return df
