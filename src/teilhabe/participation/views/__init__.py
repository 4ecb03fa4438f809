"""Participation pages for members of a body (processes, workshops, statements, moderation,
proposals, the channel report) and the public pages of a consultation."""
