"""Synthetic careers written to FORMAT.md, with realistic lengths, for the benchmark."""

from __future__ import annotations

import random
from pathlib import Path

import yaml

CLUSTERS = [
    "Health Science",
    "Manufacturing",
    "Arts, Audio/Video Technology & Communications",
    "Information Technology",
    "Hospitality & Tourism",
    "Construction",
    "Agriculture, Food & Natural Resources",
    "Education & Training",
]
_WORDS = (
    "work people team shift project tools client plan build check learn write fix test "
    "measure listen design teach care repair schedule report review practice deliver "
    "patient steady careful quick honest hands-on quiet loud early late small large"
)
WORDS = _WORDS.split(" ")


def sentence(rng: random.Random, words: int) -> str:
    body = " ".join(rng.choice(WORDS) for _ in range(words))
    return body[0].upper() + body[1:] + "."


def paragraph(rng: random.Random, sentences: int) -> str:
    return " ".join(sentence(rng, rng.randint(9, 18)) for _ in range(sentences))


def split(rng: random.Random, n: int) -> list[dict]:
    cuts = sorted(rng.sample(range(5, 96), n - 1))
    parts = [b - a for a, b in zip([0, *cuts], [*cuts, 100], strict=True)]
    while min(parts) < 2:
        cuts = sorted(rng.sample(range(5, 96), n - 1))
        parts = [b - a for a, b in zip([0, *cuts], [*cuts, 100], strict=True)]
    return [
        {"activity": f"{rng.choice(WORDS).title()} and {rng.choice(WORDS)} {i + 1}", "percent": p}
        for i, p in enumerate(parts)
    ]


def career(i: int, titles: list[str], seed: int = 0) -> dict:
    rng = random.Random(seed * 100_003 + i)
    title = titles[i]
    low = rng.randrange(25, 60) * 1000
    ranges = []
    for k in range(rng.randint(2, 3)):
        lo = low + k * 15000
        ranges.append(
            {
                "label": f"{rng.choice(WORDS).title()} path {k + 1}",
                "low": lo,
                "median": lo + 20000,
                "high": lo + 50000,
            }
        )
    hours = [8, 9, 10, 12, 14, 16]
    data: dict = {
        "title": title,
        "lang": "en",
        "cluster": CLUSTERS[i % len(CLUSTERS)],
        "summary": paragraph(rng, 2),
        "related": [titles[(i + d) % len(titles)] for d in (1, 2, 3)],
        "fit": {"worth_it_if": paragraph(rng, 1), "maybe_not_if": paragraph(rng, 1)},
        "work": {
            "summary": paragraph(rng, rng.randint(1, 3)) + "\n\n" + paragraph(rng, 1),
            "time_split": split(rng, rng.randint(5, 8)),
            "time_split_note": paragraph(rng, 1),
            "time_split_source": sentence(rng, 12),
        },
        "typical_day": {
            "title": "A typical day",
            "steps": [
                {
                    "time": f"{h if h <= 12 else h - 12}:{rng.choice(['00', '30'])}",
                    "title": sentence(rng, 3).rstrip("."),
                    "text": paragraph(rng, rng.randint(1, 2)),
                }
                for h in hours
            ],
            "note": paragraph(rng, 1),
        },
        "signals": {
            "intro": paragraph(rng, 1),
            "fits": [sentence(rng, 14) for _ in range(4)],
            "misfits": [sentence(rng, 14) for _ in range(3)],
        },
        "start_here": {"title": sentence(rng, 4).rstrip("."), "text": paragraph(rng, 2)},
        "pay": {
            "headline": "Pay and the market",
            "summary": paragraph(rng, 2),
            "ranges": ranges,
            "growth": {"low": rng.randint(1, 6), "high": rng.randint(7, 15)},
            "note": paragraph(rng, 1),
        },
        "outlook": {
            "where_its_going": paragraph(rng, rng.randint(1, 3)),
            "right_now": paragraph(rng, rng.randint(1, 2)),
        },
        "sources": [f"Survey {k} of the field ({2024 + k % 2})" for k in range(3)]
        + [{"text": "Occupational profile", "url": f"https://example.org/careers/{i}"}],
        "dated": "2026-06",
        "closing": "The only way to know is to try it.",
    }
    if rng.random() < 0.3:  # a short career: about two pages
        del data["fit"], data["outlook"], data["signals"], data["start_here"]
        del data["work"]["time_split_note"], data["pay"]["note"]
        del data["typical_day"]["note"], data["pay"]["growth"]
        data["work"]["summary"] = paragraph(rng, 2)
        data["pay"]["summary"] = paragraph(rng, 1)
        for step in data["typical_day"]["steps"]:
            step["text"] = sentence(rng, rng.randint(9, 14))
    return data


def write_project(root: Path, n: int, seed: int = 0) -> Path:
    """A content project with n synthetic careers; returns its root."""
    titles = [f"Career {i:03d} {WORDS[i % len(WORDS)].title()}" for i in range(n)]
    content = root / "content"
    content.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        data = career(i, titles, seed)
        (content / f"career-{i:03d}.yaml").write_text(
            yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8"
        )
    (root / "careerbook.yaml").write_text(
        yaml.safe_dump({"title": f"Benchmark book of {n} careers", "organization": "Bench"}), encoding="utf-8"
    )
    return root
