"""Voting in the council: polls on agenda items, majority rules, numbered decisions."""
