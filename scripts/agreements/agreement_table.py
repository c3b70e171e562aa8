"""The agreements table: one CSV row per agreement record.

List-valued columns are joined with "; " and `party_iso3` is aligned with
`parties` (an empty entry for an ORG party or an unknown country), so a
party and its code split back together.
"""
import csv
import os
import tempfile
from pathlib import Path
from typing import Iterable

COLUMNS = ("article_id", "agreement", "parties", "party_iso3", "party_labels", "sectors", "signatories", "score")
JOIN = "; "


def agreement_rows(records: Iterable[dict]) -> Iterable[dict]:
    for record in records:
        for n, agreement in enumerate(record.get("agreements") or [], start=1):
            parties = agreement["parties"]
            yield {
                "article_id": record["id"],
                "agreement": n,
                "parties": JOIN.join(p["name"] for p in parties),
                "party_iso3": JOIN.join(p.get("iso") or "" for p in parties),
                "party_labels": JOIN.join(p["label"] for p in parties),
                "sectors": JOIN.join(agreement["sectors"]),
                "signatories": JOIN.join(
                    f"{person} ({p['name']})" for p in parties for person in p["representatives"]
                ),
                "score": f"{agreement['score']:.4f}",
            }


def write_agreement_table(records: Iterable[dict], path: Path) -> int:
    """Write the CSV atomically (a temp file renamed into place); return the row count."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    rows = 0
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            writer = csv.DictWriter(out, fieldnames=COLUMNS)
            writer.writeheader()
            for row in agreement_rows(records):
                writer.writerow(row)
                rows += 1
        os.replace(temp, path)
    except BaseException:
        os.unlink(temp)
        raise
    return rows
