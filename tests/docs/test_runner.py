"""The docs runner itself (tests/docs/runner.py): a broken documented command fails, a skip says why."""

import os

import pytest

from tests.docs.runner import DocError, parse, run_block

DOC = """# tiny

<!-- run: creates=made.txt; contains=made.txt::hello -->
```
echo hello > made.txt
```

<!-- run: cwd=sub -->
```bash
true
false
echo never
```

<!-- skip: needs a SLURM cluster -->
```
sbatch grade.sh
```

```python
print("not run")
```
"""


def test_marked_blocks_are_found_with_their_options():
    made, failing, skipped = parse(DOC, "tiny.md")
    assert (made.kind, made.line, made.creates, made.contains) == ("run", 4, ["made.txt"], [("made.txt", "hello")])
    assert (failing.cwd, failing.script) == ("sub", "true\nfalse\necho never")
    assert (skipped.kind, skipped.reason) == ("skip", "needs a SLURM cluster")


def test_a_command_that_fails_fails_its_block_and_says_which(tmp_path):
    made, failing, _ = parse(DOC, "tiny.md")
    (tmp_path / "sub").mkdir()
    assert run_block(made, tmp_path, dict(os.environ)).ok
    outcome = run_block(failing, tmp_path, dict(os.environ))
    assert not outcome.ok and "tiny.md:9: exit 1" in outcome.message and "FAILED: false" in outcome.message
    assert "never" not in outcome.message


def test_a_block_that_does_not_make_what_the_doc_says_fails(tmp_path):
    [block] = parse("<!-- run: creates=report.html -->\n```\ntouch other.html\n```\n", "d.md")
    outcome = run_block(block, tmp_path, dict(os.environ))
    assert not outcome.ok and "made no report.html" in outcome.message
    [block] = parse("<!-- run: contains=a.txt::expected -->\n```\necho other > a.txt\n```\n", "d.md")
    assert "a.txt does not hold 'expected'" in run_block(block, tmp_path, dict(os.environ)).message


@pytest.mark.parametrize("doc, complaint", [
    ("```\nmake demo\n```\n", "bare ``` block must be marked"),
    ("<!-- skip: -->\n```\nssh host\n```\n", "needs its reason"),
    ("<!-- run: where=here -->\n```\nls\n```\n", "unknown run option"),
    ("<!-- run: -->\n\n```\nls\n```\n", "right above a fenced block"),
    ("<!-- run: -->\n```python\nprint()\n```\n", "shell blocks only"),
])
def test_breaking_the_convention_is_an_error(doc, complaint):
    with pytest.raises(DocError, match=complaint.replace("`", ".").replace("(", ".")):
        parse(doc, "d.md")
