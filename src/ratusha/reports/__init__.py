"""How the administration is doing: a report for the secretary and the mayor from the stored records."""
