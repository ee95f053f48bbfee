"""The docs travel with the code: the README and docs/ link only to files inside the repository."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
LINK = re.compile(r"\]\(([^)\s]+)\)")


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_every_relative_link_names_a_file_of_the_repository(page):
    text = page.read_text(encoding="utf-8")
    assert "../shared" not in text
    for target in LINK.findall(text):
        if re.match(r"[a-z]+:", target) or target.startswith("#"):
            continue  # a web address or an anchor of the same page
        path = (page.parent / target.split("#")[0]).resolve()
        assert path.is_relative_to(ROOT) and path.exists(), f"{page.name} links to {target}, not in the repository"


def test_the_readme_links_the_architecture_and_every_service_page():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for page in ("architecture.md", "wallet.md", "caf.md", "policino.md", "next-engineer.md", "testing.md"):
        assert f"(docs/{page})" in readme
