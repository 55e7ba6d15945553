"""Digital skills pages by workflow: the self-assessment and needs analysis, and learning resources."""
