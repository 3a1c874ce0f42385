"""The desk's routes through Starlette's TestClient: pages, the token, the origin, the host,
saving a career and the book file, problems beside their fields, the error pages."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from desking import COMMENT
from starlette.testclient import TestClient

from careerbook.live.desk import forms, yaml_edit
from careerbook.live.desk.app import make_app
from careerbook.options import Options


@pytest.fixture
def client(project: Path) -> Iterator[TestClient]:
    with TestClient(make_app(project, Options(), warm=False), base_url="http://127.0.0.1") as c:
        yield c


def token(client: TestClient) -> str:
    found = re.search(r'name="_csrf" value="([^"]+)"', client.get("/add").text)
    assert found
    return found.group(1)


def form_of(project: Path, stem: str) -> dict[str, str]:
    """What the edit form holds for a career, as a browser would post it."""
    data = (project / "content" / f"{stem}.yaml").read_bytes()
    values = forms.values_of(yaml_edit.load(data.decode()))
    return {
        **{k: v for k, v in values.items() if v != "" or not k.endswith(("open_high", "draft"))},
        "_sha": yaml_edit.sha256(data),
    }


def test_the_list_shows_every_career_with_status_and_pay(client: TestClient) -> None:
    page = client.get("/").text
    for title in ("Content Creator", "Filmmaker", "Music Producer", "Sound Designer", "Welder"):
        assert title in page
    assert "$34,000–$105,000 a year (typed)" in page
    assert "median $53,750 a year (National, BLS)" in page  # welder: OEWS, the nation
    assert "an hour" in page  # dental hygienist: hourly pay
    assert "draft" in page and "ready" in page
    only = client.get("/", params={"q": "music"}).text
    assert "Music Producer" in only and "Filmmaker" not in only
    health = client.get("/", params={"cluster": "Health Science"}).text
    assert "2 of 12 careers" in health and "Registered Nurse" in health and "Welder" not in health
    oregon = client.get("/", params={"area": "Oregon"}).text
    assert "(Oregon, BLS)" in oregon


def test_an_unknown_area_is_said_beside_the_field(client: TestClient) -> None:
    page = client.get("/", params={"area": "Atlantis"}).text
    assert 'id="area-err"' in page and "Atlantis" in page


def test_writes_need_the_token(client: TestClient, project: Path) -> None:
    before = (project / "content" / "music-producer.yaml").read_bytes()
    values = form_of(project, "music-producer") | {"summary": "Changed."}
    refused = client.post("/career/music-producer/edit", data=values)
    assert refused.status_code == 403 and "token" in refused.text
    wrong = client.post("/career/music-producer/edit", data=values | {"_csrf": "guess"})
    assert wrong.status_code == 403
    assert client.post("/add", data={"title": "Glassblower"}).status_code == 403
    assert (project / "content" / "music-producer.yaml").read_bytes() == before
    assert not (project / "content" / "glassblower.yaml").exists()


def test_writes_from_another_origin_are_refused(client: TestClient, project: Path) -> None:
    data = {"_csrf": token(client), "title": "Glassblower"}
    for headers in (
        {"Origin": "http://evil.example"},
        {"Origin": "null"},
        {"Sec-Fetch-Site": "cross-site"},
        {"Origin": "http://localhost:9"},
    ):
        answer = client.post("/add", data=data, headers=headers)
        assert answer.status_code == 403, headers
    assert not (project / "content" / "glassblower.yaml").exists()
    same = client.post("/add", data=data, headers={"Origin": "http://127.0.0.1"}, follow_redirects=False)
    assert same.status_code == 303 and (project / "content" / "glassblower.yaml").is_file()


def test_other_hosts_and_ports_are_refused(project: Path) -> None:
    app = make_app(project, Options(), port=8123, warm=False)
    with TestClient(app, base_url="http://127.0.0.1:8123") as c:
        assert c.get("/").status_code == 200
        assert c.get("/", headers={"Host": "localhost:8123"}).status_code == 200
        assert c.get("/", headers={"Host": "evil.example:8123"}).status_code == 400
        assert c.get("/", headers={"Host": "127.0.0.1:9999"}).status_code == 400


def test_every_page_has_a_policy(client: TestClient) -> None:
    answer = client.get("/")
    assert "frame-ancestors 'none'" in answer.headers["content-security-policy"]
    assert "script-src 'self'" in answer.headers["content-security-policy"]


def test_only_the_project_careers_can_be_opened(client: TestClient) -> None:
    for path in (
        "/career/nope/edit",
        "/career/..%2f..%2fcareerbook/edit",
        "/career/nope",
        "/static/../app.py",
        "/static/edit.html",
    ):
        assert client.get(path).status_code == 404, path


def test_a_bug_is_said_as_a_bug(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from careerbook.live.desk import app as desk_app

    def broken(*args: object) -> None:
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(desk_app, "rows", broken)
    with TestClient(
        make_app(project, Options(), warm=False), base_url="http://127.0.0.1", raise_server_exceptions=False
    ) as c:
        answer = c.get("/")
    assert answer.status_code == 500
    assert "This is a bug in careerbook" in answer.text and "Traceback" not in answer.text


def test_a_mistake_is_shown_beside_its_field_and_nothing_typed_is_lost(
    client: TestClient, project: Path
) -> None:
    path = project / "content" / "music-producer.yaml"
    before = path.read_bytes()
    values = form_of(project, "music-producer") | {
        "_csrf": token(client),
        "work.time_split[2].percent": "lots",
        "summary": "Typed by me.",
    }
    page = client.post("/career/music-producer/edit", data=values).text
    assert path.read_bytes() == before  # not saved
    assert "Not saved" in page
    field = page[page.index('id="f-work-time_split-2-percent"') :]
    field = field[: field.index("</div>")]
    assert 'aria-invalid="true"' in field and 'value="lots"' in field
    assert "f-work-time_split-2-percent-err1" in field and "<strong>Problem:</strong>" in field
    assert "Typed by me." in page
    assert 'href="#f-work-time_split-2-percent"' in page  # in the summary, a link to the input
    # Fixed: saved, the author's comments kept.
    saved = client.post(
        "/career/music-producer/edit",
        follow_redirects=False,
        data=values | {"work.time_split[2].percent": "15"},
    )
    assert saved.status_code == 303 and saved.headers["location"].endswith("saved=yes")
    text = path.read_text(encoding="utf-8")
    assert text.startswith(COMMENT) and "lang: en  # US English" in text
    assert "summary: >-\n  Typed by me.\n" in text  # its style kept: folded


def test_save_anyway_writes_a_file_with_problems(client: TestClient, project: Path) -> None:
    values = form_of(project, "music-producer") | {
        "_csrf": token(client),
        "work.time_split[2].percent": "16",
        "_action": "save_anyway",
    }
    saved = client.post("/career/music-producer/edit", data=values, follow_redirects=False)
    assert saved.headers["location"].endswith("saved=problems")
    assert "percent: 16" in (project / "content" / "music-producer.yaml").read_text()
    page = client.get("/").text
    assert "has 1 problem" in page


def test_a_change_on_disk_is_never_overwritten(client: TestClient, project: Path) -> None:
    path = project / "content" / "music-producer.yaml"
    values = form_of(project, "music-producer") | {"_csrf": token(client), "summary": "Mine."}
    path.write_text(path.read_text() + "# changed by someone else\n")
    page = client.post("/career/music-producer/edit", data=values).text
    assert "changed on disk" in page and "Mine." in page
    assert path.read_text().endswith("# changed by someone else\n")
    # The form now carries the disk's sha: saving again replaces it, knowingly.
    sha = re.search(r'name="_sha" value="([0-9a-f]+)"', page)
    assert sha and sha.group(1) == yaml_edit.sha256(path.read_bytes())


def test_lists_grow_and_shrink_without_script(client: TestClient, project: Path) -> None:
    values = form_of(project, "music-producer") | {"_csrf": token(client)}
    grown = client.post(
        "/career/music-producer/edit", data=values | {"_action": "add:typical_day.steps"}
    ).text
    steps = forms.FormState(values).count("typical_day.steps")
    assert f'name="typical_day.steps[{steps}].time"' in grown
    shrunk = client.post("/career/music-producer/edit", data=values | {"_action": "remove:related[0]"}).text
    assert 'value="Content Creator"' not in shrunk and 'value="Filmmaker"' in shrunk


def test_check_answers_with_the_problems_by_input(client: TestClient, project: Path) -> None:
    values = form_of(project, "music-producer") | {"_csrf": token(client), "title": ""}
    said = client.post("/check/music-producer", data=values).json()
    assert "f-title" in said["problems"] and said["count"] >= 1


def test_add_from_an_occupation_and_blank(client: TestClient, project: Path) -> None:
    found = client.get("/add", params={"q": "electrician"}).text
    assert "47-2111" in found and "Create from Electricians" in found
    made = client.post(
        "/add",
        data={"_csrf": token(client), "soc": "47-2111", "title": "Electricians"},
        follow_redirects=False,
    )
    assert made.headers["location"] == "/career/electricians/edit?saved=new"
    text = (project / "content" / "electricians.yaml").read_text()
    assert 'soc: "47-2111"' in text and 'oews: "47-2111"' in text
    again = client.post("/add", data={"_csrf": token(client), "title": "Electricians"})
    assert again.status_code == 400 and "already exists" in again.text


def test_brand_saves_the_book_file_keeping_comments(client: TestClient, project: Path) -> None:
    book = project / "careerbook.yaml"
    page = client.get("/brand").text
    sha = re.search(r'name="_sha" value="([0-9a-f]+)"', page)
    assert sha
    values = forms.values_of(
        yaml_edit.load(book.read_text()),
        __import__("careerbook.live.desk.brand", fromlist=["x"]).book_spec(["default"]),
    )
    values = {k: v for k, v in values.items() if v}
    low = client.post(
        "/brand",
        data=values
        | {
            "_csrf": token(client),
            "_sha": sha.group(1),
            "colors.accent": "#aaaaaa",
            "organization": "Lincoln High",
        },
        follow_redirects=False,
    )
    assert low.status_code == 303
    text = book.read_text()
    assert text.startswith("# The school's book file.") and "organization: Lincoln High" in text
    again = client.get("/brand").text
    assert "fails WCAG AA" in again  # #aaaaaa on white is 2.3:1


def test_a_logo_upload_is_checked_by_its_bytes(client: TestClient, project: Path) -> None:
    page = client.get("/brand").text
    sha = re.search(r'name="_sha" value="([0-9a-f]+)"', page)
    assert sha
    data = {"_csrf": token(client), "_sha": sha.group(1)}
    fake = client.post("/brand", data=data, files={"logo_file": ("logo.png", b"GIF89a....", "image/png")})
    assert "not an SVG or PNG" in fake.text and not (project / "assets").exists()
    svg = (
        b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>'
    )
    ok = client.post(
        "/brand", data=data, files={"logo_file": ("x.svg", svg, "image/svg+xml")}, follow_redirects=False
    )
    assert ok.status_code == 303
    assert (project / "assets" / "logo.svg").read_bytes() == svg
    assert "logo: assets/logo.svg" in (project / "careerbook.yaml").read_text()


def test_a_form_too_big_is_refused_plainly(client: TestClient) -> None:
    answer = client.post(
        "/brand",
        content=b"x" * (3 * 1024 * 1024),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert answer.status_code == 413 and "too big" in answer.text


def test_an_unknown_area_in_the_book_file_is_shown_beside_it(client: TestClient, project: Path) -> None:
    book = project / "careerbook.yaml"
    before = book.read_bytes()
    page = client.get("/brand").text
    sha = re.search(r'name="_sha" value="([0-9a-f]+)"', page)
    assert sha
    answer = client.post(
        "/brand", data={"_csrf": token(client), "_sha": sha.group(1), "title": "Guide", "area": "Atlantis"}
    ).text
    field = answer[answer.index('id="f-area"') :]
    field = field[: field.index("</div>")]
    assert 'aria-invalid="true"' in field and "Atlantis" in field and "<strong>Problem:</strong>" in field
    assert book.read_bytes() == before  # not saved
