"""The incident register: security and data incidents with the 72-hour clock for notifying КЗЛД."""
