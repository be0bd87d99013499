"""Where scores are cut. Chosen on the synthetic development set (seed 1) and checked on other seeds: see
docs/initiatives.md for the measured precision and recall."""

DUPLICATE_THRESHOLD = 0.65  # at or above: "nghi trùng lặp" (a suspected duplicate or recycled text)
DISPLAY_FLOOR = 0.30  # below: not listed among the similar initiatives at all
