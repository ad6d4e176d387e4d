"""Meeting rooms and video: rooms, scheduled and one-to-one meetings, Jitsi, attendance, calendar.

Pure rules (no Zope imports): tokens, roomnames, booking, recurrence, attendance, invitations,
ics.
"""
