"""The shape of one synthetic nation: how many of each kind, in what proportions.

Scale 1 is one nation the size of the real reference graph; scale N is N such nations
side by side, each drawn independently. The figures follow the sources the reference
graph is built from (the ODS trust extracts, the ONS ICB lookup and the NHS Staff Survey
benchmarking groups), so a synthetic nation has the same regions, roughly the same
number of ICBs per region, trusts per region and sector mix as the real one.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RegionShape:
    """One NHS England region: its name pattern, ICBs before April 2026 and trusts."""

    name: str
    icbs: int          # integrated care boards from July 2022 to March 2026
    merges: int        # pairs of those ICBs merged into one on 1 April 2026
    specialist: int    # open specialist (acute specialist) trusts
    ambulance: int     # open ambulance trusts
    weight: int        # open trusts in the region: spreads the acute trusts


# 7 regions, 42 ICBs before 1 April 2026; 12 of them merged in pairs into 6, leaving 36.
REGIONS: tuple[RegionShape, ...] = (
    RegionShape("London", icbs=5, merges=0, specialist=4, ambulance=1, weight=31),
    RegionShape("South East", icbs=6, merges=1, specialist=1, ambulance=2, weight=28),
    RegionShape("South West", icbs=7, merges=1, specialist=0, ambulance=1, weight=18),
    RegionShape("East of England", icbs=6, merges=1, specialist=1, ambulance=1, weight=21),
    RegionShape("North West", icbs=3, merges=0, specialist=3, ambulance=1, weight=30),
    RegionShape("Midlands", icbs=11, merges=2, specialist=2, ambulance=2, weight=40),
    RegionShape("North East and Yorkshire", icbs=4, merges=1, specialist=2, ambulance=2, weight=33),
)

# Open trusts by sector (NHS Staff Survey benchmarking groups): 201 in all, about
# 60% acute, 23% mental health, 6% specialist, 5% community, 5% ambulance.
OPEN_ACUTE = 121
OPEN_MENTAL_HEALTH = 46
OPEN_COMMUNITY = 11
CARE_TRUSTS = 3            # mental health foundation trusts that ODS codes as care trusts
CLOSED_TRUSTS = 68         # closed or merged trusts still in the ODS trust file
SUB_ICB_LOCATIONS = 106
COMMUNITY_INTEREST_COMPANIES = 7

# The staff-survey group each sector comes from, as the reference graph records it.
BENCHMARKING_GROUP = {
    "Acute": "Acute and Acute & Community Trusts",
    "MentalHealth": "Mental Health & Learning Disability and Mental Health, Learning Disability & Community Trusts",
    "Specialist": "Acute Specialist Trusts",
    "Community": "Community Trusts",
    "Ambulance": "Ambulance Trusts",
}

# Key dates of the system (all on or before the reorganisation, so that every finding the
# generator plants holds on 1 April 2026 and on any later date).
ICB_START = "2022-07-01"
ICB_LAST_DAY = "2026-03-31"
REORGANISATION = "2026-04-01"

MAX_SCALE = 1000           # synthetic trust codes run out at about 1,040 nations
MAX_MEMBERS = 12           # largest collaborative
OVERLAP_MAX = 4            # the overlap-count default: more than this is a finding
JACCARD_FINDING = 0.8      # the overlap-duplicate default: at least this is a finding
JACCARD_CLEAN = 0.75       # clean collaboratives stay below this, a margin under the default
