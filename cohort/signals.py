"""The saves that change a milestone's standing queue its recount (connected in
``CohortConfig.ready``). A signal, not a call in each service: the standing is a count
for the board, never part of the flow it counts.

Answers of a questionnaire in progress count nowhere; a submitted one saves its
``Response``, which is listened to. Review comments change no rule: the board counts the
open ones as it reads.
"""

from django.db.models.signals import post_save

from assessments.models import ConsensusScore, Response
from cohort.standing import standing_refresh_after_commit
from submissions.models import SectionRevision, Transition

MILESTONE_MODELS = (SectionRevision, Transition, Response, ConsensusScore)


def milestone_changed(sender, instance, **kwargs):
    standing_refresh_after_commit(instance.milestone_id)


def connect():
    for model in MILESTONE_MODELS:
        post_save.connect(milestone_changed, sender=model, dispatch_uid=f"cohort-{model.__name__}")
