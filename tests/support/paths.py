"""Where the tests and their artefacts live."""

from pathlib import Path

TESTS_DIR = Path(__file__).resolve().parent.parent
REPO_DIR = TESTS_DIR.parent
ARTIFACTS_DIR = REPO_DIR / "test-artifacts"
FIXTURES_DIR = TESTS_DIR / "fixtures"
