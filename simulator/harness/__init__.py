"""The BDD harness: a pytest plugin that runs the guide's features on emulated phones."""
