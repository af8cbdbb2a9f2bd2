"""Step definitions of the guide's journey, by domain. UI steps only call page objects."""
