"""The agreements table: one CSV row per agreement record.

List-valued columns are joined with "; " and `party_iso3` is aligned with
`parties` (an empty entry for an ORG party or an unknown country), so a
party and its code split back together.
"""
import csv
from pathlib import Path
from typing import Iterable

from agreements.files import atomic_output

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
    """Write the CSV whole (see files.py); return the row count."""
    rows = 0
    with atomic_output(path, newline="") as out:
        writer = csv.DictWriter(out, fieldnames=COLUMNS)
        writer.writeheader()
        for row in agreement_rows(records):
            writer.writerow(row)
            rows += 1
    return rows
