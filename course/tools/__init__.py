"""Maintenance commands for the course (`course --help`)."""
