"""Pages of individual development plans, the annual plan and re-assessment."""
