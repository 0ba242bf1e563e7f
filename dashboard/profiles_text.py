"""What the Outlet profiles page says about its distance bases (text, kept apart from the page)."""

BASES = {
    "profile_cosine": "Framing profile: pattern (cosine)",
    "profile_euclidean": "Framing profile: size of the differences (euclidean)",
    "vocabulary": "Distinctive vocabulary (Jensen-Shannon)",
}
EXPLAIN = {
    "profile_cosine": (
        "Each outlet gets a profile of measures: how often it uses each kind of "
        "framing cue, how its sentences spread over the frame dimensions, and how loaded its "
        "sentences are on average. Each measure is rescaled so that the average of the shown "
        "outlets is 0 and a typical difference is 1, and the three groups of measures count "
        "equally. The distance compares the *pattern* of two profiles: **0** means the two "
        "outlets are above and below average on the same things, **1** means their patterns "
        "are unrelated, **2** means opposite."
    ),
    "profile_euclidean": (
        "The same profiles as the cosine view (cue rates, frame shares, loaded score, each "
        "rescaled so the shown outlets average 0 with a typical difference of 1). Here the "
        "distance is the typical gap per measure, in those units: **0** means identical "
        "profiles, **1** means the two outlets differ by about one typical outlet-to-outlet "
        "difference on each measure."
    ),
    "vocabulary": (
        "Takes the phrases that set outlets apart across all events (the contrastive phrases) "
        "and counts how often each outlet uses each of them. The distance (Jensen-Shannon) "
        "compares those two word mixes: **0** means the same phrases in the same proportions, "
        "**1** means no phrase in common."
    ),
}
