"""Pure-Python workshop model: entities, validation, graph queries, statistics.

Nothing under this package imports Qt.
"""
from .entities import (
                       ACTION_KINDS,
                       ACTION_STATUS,
                       CONTACT,
                       DEFAULT_PROMPTS,
                       DEFAULT_STAGES,
                       DEFAULT_VOTE_BUDGET,
                       ENTITY_CLASSES,
                       KINDS,
                       METRIC_KINDS,
                       NOTE_KINDS,
                       NPS_SCOPES,
                       OUTCOME,
                       OUTCOME_LABELS,
                       PARKING_KINDS,
                       PARKING_STATUS,
                       RECENCY,
                       RECENCY_LABELS,
                       RISK,
                       Action,
                       AgendaItem,
                       Ballot,
                       Change,
                       Department,
                       Entity,
                       Kind,
                       Link,
                       Member,
                       Metric,
                       MetricLink,
                       Note,
                       Nps,
                       ParkingItem,
                       Participant,
                       Placement,
                       Process,
                       Recognition,
                       SessionInfo,
                       Story,
                       new_id,
)
from .workshop import SESSION, Add, Move, Op, Remove, Update, Workshop

__all__ = [name for name in dir() if not name.startswith("_")]
