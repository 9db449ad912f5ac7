"""Pure-Python workshop model: entities, validation, graph queries, statistics.

Nothing under this package imports Qt.
"""
from .entities import (ACTION_KINDS, ACTION_STATUS, METRIC_KINDS, NPS_SCOPES, PARKING_KINDS,
                       PARKING_STATUS, Metric, MetricLink, Nps, ParkingItem, CONTACT, DEFAULT_PROMPTS, DEFAULT_STAGES,
                       DEFAULT_VOTE_BUDGET, ENTITY_CLASSES, KINDS, NOTE_KINDS, OUTCOME,
                       OUTCOME_LABELS, RECENCY, RECENCY_LABELS, RISK, Action, AgendaItem,
                       Ballot, Change, Department, Entity, Kind, Link, Member, Note,
                       Participant, Placement, Process, Recognition, SessionInfo, Story, new_id)
from .workshop import SESSION, Add, Move, Op, Remove, Update, Workshop

__all__ = [name for name in dir() if not name.startswith("_")]
