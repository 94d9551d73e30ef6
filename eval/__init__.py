"""Scoring predictions against gold: metrics, confidence intervals, JSON/Markdown/HTML reports."""
