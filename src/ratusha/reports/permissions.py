"""Who reads the report: the administration's part (documents, meetings) and the council's."""

ViewAdministrationReport = "Ratusha: View administration report"
ViewCouncilReport = "Ratusha: View council report"
