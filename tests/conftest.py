import textwrap
from pathlib import Path

import pytest

from bantin.common.errors import DataErrors
from bantin.figures.loading import load_programmes

REPO = Path(__file__).resolve().parent.parent


class DataDir(type(Path())):
    """A data/ folder; `write(name, yaml)` adds a programme file."""

    def write(self, name: str, text: str) -> Path:
        path = self / "programmes" / name
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path


@pytest.fixture
def data_dir(tmp_path):
    root = DataDir(tmp_path / "data")
    (root / "programmes").mkdir(parents=True)
    return root


@pytest.fixture
def errors_of(data_dir):
    """The error lines for one YAML text, as `file:line: field: message` strings."""
    def run(text: str, name: str = "cds.yml") -> list[str]:
        data_dir.write(name, text)
        with pytest.raises(DataErrors) as caught:
            load_programmes(data_dir)
        return [str(e) for e in caught.value.errors]
    return run


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory):
    """The demo fixture's project built as `make build` does, once for all the modules that only read it."""
    from sitebuild import assemble, mkdocs_build

    site_dir = tmp_path_factory.mktemp("demo-site")
    result = mkdocs_build(assemble(tmp_path_factory.mktemp("demo-project")), site_dir)
    assert result.returncode == 0, result.stderr
    return site_dir
