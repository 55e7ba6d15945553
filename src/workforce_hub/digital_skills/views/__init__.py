"""Digital skills pages by workflow: the self-assessment and needs analysis, champions, and practice maturity."""
