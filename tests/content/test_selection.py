"""--careers and --cluster: the careers chosen, in the book's order; unknown names say the close ones."""

from __future__ import annotations

import pytest

from careerbook.content.models import Career
from careerbook.content.selection import chosen, split_slugs
from careerbook.errors import CareerbookError


def career(slug: str, cluster: str | None) -> Career:
    return Career.model_validate(
        {
            "title": slug.title(),
            "slug": slug,
            "cluster": cluster,
            "summary": "S.",
            "work": {
                "summary": "W.",
                "time_split": [{"activity": "A", "percent": 60}, {"activity": "B", "percent": 40}],
            },
        }
    )


BOOK = [
    career("welder", "Manufacturing"),
    career("baker", "Hospitality"),
    career("machinist", "Manufacturing"),
    career("nurse", None),
]


def keys(careers: list[Career]) -> list[str]:
    return [c.key for c in careers]


def test_the_book_order_whatever_order_they_are_named_in() -> None:
    assert keys(chosen(BOOK, ("nurse", "welder"))) == ["welder", "nurse"]
    assert keys(chosen(BOOK)) == ["welder", "baker", "machinist", "nurse"]
    assert keys(chosen(BOOK, (), "manufacturing")) == ["welder", "machinist"]
    assert keys(chosen(BOOK, ("machinist", "baker"), "Manufacturing")) == ["machinist"]


def test_split_slugs() -> None:
    assert split_slugs(["a,b", " c ", "a", ""]) == ("a", "b", "c")


@pytest.mark.parametrize(
    ("slugs", "cluster", "said"),
    [
        (("weldr",), None, "no career with the slug 'weldr' in this book; did you mean 'welder'?"),
        (("zzz",), None, "the book has: 'welder', 'baker', 'machinist', 'nurse'"),
        ((), "Manufactoring", "did you mean 'Manufacturing'?"),
        (("baker",), "Manufacturing", "none of the careers named is in the cluster"),
    ],
)
def test_unknown_names(slugs: tuple[str, ...], cluster: str | None, said: str) -> None:
    with pytest.raises(CareerbookError, match=None) as raised:
        chosen(BOOK, slugs, cluster)
    assert said in str(raised.value)
