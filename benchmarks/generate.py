"""Synthetic datasets of realistic shape, seeded, valid and audit-clean, for benchmarks and limits.

Each partnership has three milestones, two metrics and a yearly program,
each citing a section of one of a few sources; organizations are shared by
several partnerships, as in a real office's file. ``document(n)`` gives the
JSON form (plain dicts), ``text(n)`` the JSON text; both load with
``ustb_coop.loads``. The same seed gives the same dataset in every run.

    python -m benchmarks.generate 1000 > partners.json
"""

from __future__ import annotations

import json
import random
import sys

_KINDS = ("academic", "industry")
_ACTIVITIES = ("student_exchange", "staff_exchange", "joint_research", "symposiums", "training")
_FIELDS = ("metallurgy", "materials science", "mining", "energy", "automation", "chemistry")
_QUALIFIERS = ("exact", "more_than", "at_least", "approximately")
_SOURCES = 5
_SECTIONS = 20


def _date(rng: random.Random, low: int, high: int) -> str:
    year = rng.randint(low, high)
    match rng.randrange(3):
        case 0:
            return f"{year:04d}"
        case 1:
            return f"{year:04d}-{rng.randint(1, 12):02d}"
        case _:
            return f"{year:04d}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def _citation(rng: random.Random) -> dict[str, object]:
    return {"source": f"source-{rng.randrange(_SOURCES)}", "section": str(rng.randrange(_SECTIONS))}


def _partnership(rng: random.Random, number: int, organizations: int) -> dict[str, object]:
    start = rng.randint(1960, 2015)
    first = rng.randint(start, 2019)
    return {
        "id": f"partnership-{number}",
        "home": "home-university",
        "partner": f"organization-{rng.randrange(organizations)}",
        "kind": rng.choice(_KINDS),
        "started": f"{start:04d}",
        "citations": [_citation(rng)],
        "activities": rng.sample(_ACTIVITIES, 2),
        "fields": rng.sample(_FIELDS, 2),
        "summary": f"A cooperation in {rng.choice(_FIELDS)} since {start}, in this dataset's words.",
        "milestones": [
            {
                "kind": kind,
                "title": f"{kind.replace('_', ' ').capitalize()} number {number}",
                "citation": _citation(rng),
                "on": _date(rng, start, 2020),
                "description": "What happened, in this dataset's own words, at some length for realism.",
            }
            for kind in ("agreement_signed", "center_established", "projects_approved")
        ],
        "metrics": [
            {
                "kind": kind,
                "value": {"value": rng.randint(1, 500), "qualifier": rng.choice(_QUALIFIERS)},
                "as_of": "2020-10-22",
                "citation": _citation(rng),
            }
            for kind in ("students_sent", "students_received")
        ],
        "programs": [
            {
                "name": f"Exchange program {number}",
                "frequency": "yearly",
                "citation": _citation(rng),
                "first": f"{first:04d}",
                # No more than the years up to the report allow, so the audit finds nothing.
                "times_held": {"value": rng.randint(1, min(5, 2020 - first))},
            }
        ],
    }


def document(partnerships: int, *, seed: int = 0) -> dict[str, object]:
    """The JSON form of a valid dataset with *partnerships* partnerships."""
    rng = random.Random(seed)  # noqa: S311 - reproducible data, not secrets
    organizations = max(1, partnerships // 3)
    return {
        "version": "1.0.0",
        "as_of": "2020-10-22",
        "sources": [
            {
                "id": f"source-{number}",
                "title": f"Annual report {number}",
                "published": "2020-10-22",
                "sections": [
                    {"id": str(section), "title": f"Part {section}"} for section in range(_SECTIONS)
                ],
            }
            for number in range(_SOURCES)
        ],
        "organizations": [
            {"id": "home-university", "name": "Home University", "kind": "university", "country": "CN"},
            *(
                {
                    "id": f"organization-{number}",
                    "name": f"Partner Organization {number}",
                    "kind": rng.choice(("university", "company")),
                    "country": rng.choice(("DE", "JP", "IN", "GB", "US")),
                    "established": rng.randint(1800, 2000),
                }
                for number in range(organizations)
            ),
        ],
        "partnerships": [_partnership(rng, number, organizations) for number in range(partnerships)],
    }


def text(partnerships: int, *, seed: int = 0) -> str:
    """*document* as compact JSON text."""
    return json.dumps(document(partnerships, seed=seed), ensure_ascii=False, separators=(",", ":"))


if __name__ == "__main__":
    sys.stdout.write(text(int(sys.argv[1]) if len(sys.argv) > 1 else 100) + "\n")
