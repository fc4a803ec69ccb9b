"""Requests: schools, coordinators' requests, matching, engagements and partners' offers."""
