"""teilhabe: integration management for German districts and states."""
