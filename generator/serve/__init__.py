"""`explainer serve`: the site previewed from memory, rebuilt on every change."""
