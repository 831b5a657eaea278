"""hoptac — the work platform of the Institute of Science, Technology and Environment (VCA)."""
