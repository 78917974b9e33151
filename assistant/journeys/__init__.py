"""Mentoring journeys: pairs, goals across sessions, and feedback that shapes the next plan."""

from assistant.journeys.rules import JourneyError, NotAllowed, Refused
from assistant.journeys.service import Journeys, NextSession

__all__ = ["JourneyError", "Journeys", "NextSession", "NotAllowed", "Refused"]
