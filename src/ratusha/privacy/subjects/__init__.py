"""Data-subject rights: find everything about a person, export, rectify, erase where the law allows."""
