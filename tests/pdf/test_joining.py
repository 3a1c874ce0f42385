"""joining.py on a tree made by hand: an element's pieces on two pages become one element."""

from __future__ import annotations

import pydyf

from careerbook.pdf.joining import Joiner, Pieces


def elem(
    pdf: pydyf.PDF, kind: str, page: bytes, parent: pydyf.Dictionary | None, kids: list[object]
) -> pydyf.Dictionary:
    made = pydyf.Dictionary({"Type": "/StructElem", "S": kind, "Pg": page, "K": pydyf.Array(kids)})
    if parent is not None:
        made["P"] = parent.reference
    pdf.add_object(made)
    return made


def test_pieces_of_one_element_on_two_pages_become_one() -> None:
    pdf = pydyf.PDF()
    page1, page2 = b"91 0 R", b"92 0 R"
    document = elem(pdf, "/Document", page1, None, [])
    first = elem(pdf, "/Art", page1, document, [])
    span = elem(pdf, "/Span", page1, first, [0])
    first["K"].append(span.reference)
    second = elem(pdf, "/Art", page2, document, [0])  # an MCID of its own, on page 2
    inner = elem(pdf, "/Span", page2, second, [1])
    second["K"].append(inner.reference)
    other = elem(pdf, "/Art", page2, document, [2])  # the next career: another HTML element
    document["K"] = pydyf.Array([first.reference, second.reference, other.reference])
    nums = pydyf.Array(
        [
            0,
            pydyf.Array([span.reference]),
            1,
            pydyf.Array([second.reference, inner.reference, other.reference]),
            2,
            second.reference,
        ]
    )  # an annotation's StructParent
    pieces = Pieces({first.number: 1, second.number: 1, other.number: 2})

    Joiner(pdf, nums, pieces).join(document)

    assert list(document["K"]) == [first.reference, other.reference]
    assert first["K"][0] == span.reference
    mcr = first["K"][1]
    assert isinstance(mcr, pydyf.Dictionary) and dict(mcr) == {"Type": "/MCR", "Pg": page2, "MCID": 0}
    assert first["K"][2] == inner.reference and inner["P"] == first.reference
    assert list(nums[3]) == [first.reference, inner.reference, other.reference]
    assert nums[5] == first.reference
    assert len(second) == 0  # emptied: nothing refers to it
