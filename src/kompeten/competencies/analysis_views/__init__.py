"""Pages of the competency analysis: profiles, unit and agency views, position fit, needs."""
