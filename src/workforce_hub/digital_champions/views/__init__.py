"""Digital champions' pages by workflow: champions and their help, and practice maturity with the quality mark."""
