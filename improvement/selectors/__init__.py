"""Reads of improvement data for pages, the template tag, admin and the reminder job."""
