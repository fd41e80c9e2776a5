"""docs/consent-record.md stays the truth: its JSON Schema names exactly the keys the record writes."""

from __future__ import annotations

import json
import re

from tests.conftest import PROJECT_ROOT
from tests.wav.conftest import archive_record


def _schema() -> dict:
    text = (PROJECT_ROOT / "docs" / "consent-record.md").read_text(encoding="utf-8")
    block = re.search(r"## JSON Schema.*?```json\n(.*?)```", text, re.DOTALL)
    return json.loads(block.group(1))


def test_documented_schema_lists_every_key_the_record_writes():
    schema = _schema()
    record = archive_record("张伟").to_dict()
    assert set(schema["required"]) == set(record) == set(schema["properties"])
    actor_schema = schema["properties"]["actors"]["items"]
    assert set(actor_schema["required"]) == set(record["actors"][0])
    decision_schema = actor_schema["properties"]["decisions"]["items"]
    assert set(decision_schema["required"]) == set(record["actors"][0]["decisions"][0])
    assert schema["properties"]["version"]["const"] == record["version"]
    assert schema["properties"]["schema"]["const"] == record["schema"]
