"""What the migrations make at the current schema version, normalised like the
schema check compares it (``sqlite_store.foreign_objects``).

Written by ``python -m cxworkshop.store.schema_snapshot`` after a migration is
added; ``tests/test_store.py`` fails until it is. Opening a workshop compares its
schema with this instead of running the migrations (and loading sqlite-utils).
"""
from __future__ import annotations

VERSION = 9
SCHEMA: dict[tuple[str, str], str] = {
    ('index', 'idx_ballot_participant'):
        'createindexidx_ballot_participantonballot(participant)',
    ('index', 'idx_link_downstream'):
        'createindexidx_link_downstreamonlink(downstream)',
    ('index', 'idx_link_upstream'):
        'createindexidx_link_upstreamonlink(upstream)',
    ('index', 'idx_metric_link_metric'):
        'createindexidx_metric_link_metriconmetric_link(metric)',
    ('index', 'idx_metric_link_process'):
        'createindexidx_metric_link_processonmetric_link(process)',
    ('index', 'idx_note_process'):
        'createindexidx_note_processonnote(process)',
    ('index', 'idx_placement_process'):
        'createindexidx_placement_processonplacement(process)',
    ('index', 'idx_process_department'):
        'createindexidx_process_departmentonprocess(department)',
    ('index', 'idx_story_participant'):
        'createindexidx_story_participantonstory(participant)',
    ('table', 'action'):
        'createtableaction(idtextprimarykey,texttext,ownertext,duetext,processtex'
        'treferencesprocess(id),statustext,positionreal,kindtextnotnulldefaultact'
        'ion,persontextreferencesparticipant(id),hosttextreferencesparticipant(id'
        '))',
    ('table', 'agenda_item'):
        'createtableagenda_item(idtextprimarykey,titletext,planned_minutesinteger'
        ',actual_secondsinteger,positionreal)',
    ('table', 'ballot'):
        'createtableballot(idtextprimarykey,participanttextnotnullreferencesparti'
        'cipant(id),processtextnotnullreferencesprocess(id),positionreal)',
    ('table', 'change'):
        'createtablechange(idtextprimarykey,titletext,processtextreferencesproces'
        's(id),impacttext,looktext,responsetext,find_outtext,feedbacktext,risktex'
        't,ownertext,decisiontext,positionreal)',
    ('table', 'department'):
        'createtabledepartment(idtextprimarykey,nametext,colortext,positionreal,r'
        'oster_optionalintegernotnulldefault0)',
    ('table', 'link'):
        'createtablelink(idtextprimarykey,upstreamtextnotnullreferencesprocess(id'
        '),downstreamtextnotnullreferencesprocess(id),labeltext,positionreal)',
    ('table', 'member'):
        'createtablemember(idtextprimarykey,nametext,departmenttextreferencesdepa'
        'rtment(id),roletext,frontlineinteger,locationtext,tenure_yearsreal,email'
        'text,notestext,positionreal,presentintegernotnulldefault0)',
    ('table', 'metric'):
        'createtablemetric(idtextprimarykey,nametext,kindtext,departmenttextrefer'
        'encesdepartment(id),unittext,targetreal,currentreal,previousreal,bettert'
        'ext,notestext,positionreal)',
    ('table', 'metric_link'):
        'createtablemetric_link(idtextprimarykey,metrictextnotnullreferencesmetri'
        'c(id),processtextnotnullreferencesprocess(id),positionreal)',
    ('table', 'note'):
        'createtablenote(idtextprimarykey,processtextreferencesprocess(id),kindte'
        'xt,texttext,xreal,yreal,positionreal,wrealnotnulldefault0.0,hrealnotnull'
        'default0.0)',
    ('table', 'nps'):
        'createtablenps(idtextprimarykey,scopetext,departmenttextreferencesdepart'
        'ment(id),processtextreferencesprocess(id),surveytext,promotersinteger,pa'
        'ssivesinteger,detractorsinteger,positionreal)',
    ('table', 'parking_item'):
        'createtableparking_item(idtextprimarykey,texttext,kindtext,ownertext,sta'
        'tustext,positionreal)',
    ('table', 'participant'):
        'createtableparticipant(idtextprimarykey,nametext,departmenttextreference'
        'sdepartment(id),roletext,customer_facinginteger,emailtext,positionreal)',
    ('table', 'placement'):
        'createtableplacement(idtextprimarykey,participanttextnotnullreferencespa'
        'rticipant(id),processtextnotnullreferencesprocess(id),statementtext,posi'
        'tionreal)',
    ('table', 'process'):
        'createtableprocess(idtextprimarykey,nametext,departmenttextreferencesdep'
        'artment(id),stageinteger,ownertext,descriptiontext,moment_of_truthintege'
        'r,frontstageinteger,xreal,yreal,votesinteger,positionreal)',
    ('table', 'recognition'):
        'createtablerecognition(idtextprimarykey,nomineetext,nominatortext,behavi'
        'ourtext,datetext,positionreal)',
    ('table', 'session'):
        'createtablesession(idintegerprimarykey,titletextnotnull,organizationtext'
        ',datetext,locationtext,facilitatortext,notestext,stagestextnotnull,vote_'
        'budgetintegernotnulldefault3,promptstextnotnulldefaultwhowasthelastcusto'
        'meryouinteractedwithdirectly?,whatwastheirname?,whatwastheirchallenge?,h'
        'owwasitultimatelyresolved?,roster_min_sizeintegernotnulldefault10,roster'
        '_max_sizeintegernotnulldefault12,roster_max_sharerealnotnulldefault0.25,'
        'roomtextnotnulldefault{},vote_membersintegernotnulldefault1,hide_empty_l'
        'anesintegernotnulldefault0)',
    ('table', 'story'):
        'createtablestory(idtextprimarykey,participanttextnotnullreferencespartic'
        'ipant(id),customertext,whentext,recencytext,contacttext,challengetext,re'
        'solutiontext,outcometext,quotetext,positionreal)',
}


def _write() -> None:  # pragma: no cover - a developer's tool
    from pathlib import Path

    from .schema import SCHEMA_VERSION
    from .sqlite_store import schema_from_migrations
    path = Path(__file__)
    text = path.read_text(encoding="utf-8")
    head = text[:text.index("VERSION = ")]
    tail = text[text.index("\n\ndef _write"):]
    rows = "".join(f"    {key!r}:\n" + "".join(
        f"        {sql[i:i + 72]!r}" + ("," if i + 72 >= len(sql) else "") + "\n"
        for i in range(0, len(sql), 72))
        for key, sql in sorted(schema_from_migrations(SCHEMA_VERSION).items()))
    path.write_text(f"{head}VERSION = {SCHEMA_VERSION}\nSCHEMA: dict[tuple[str, str], str] = "
                    f"{{\n{rows}}}\n{tail}", encoding="utf-8")
    print(f"wrote the schema of version {SCHEMA_VERSION} to {path}")


if __name__ == "__main__":  # pragma: no cover
    _write()
