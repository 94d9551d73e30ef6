"""Extract, attribute, tag and compare reported statements in diplomatic news.

Data flows one way: text -> statements -> tags -> comparisons and reports.
This package holds what a user of trained models needs; training and
evaluation live in the sibling packages ``training`` and ``eval``.
"""

__version__ = "0.1.0"
