#!/usr/bin/env python3
"""Independent FHIR R5 check of JSON resources, for tests that want a second opinion.

Dorixona writes its FHIR (crates/fhir) by hand; this script checks what it writes against a
model that is not ours: the `fhir.resources` package (FHIR R5 models on pydantic v2). Each
file must hold one resource of any type (Bundle, OperationOutcome, CapabilityStatement...).
It is checked for what the base R5 specification says about structure: known elements only
(an unknown element is an error), the right datatypes and cardinalities, required elements
present, choice types ([x]) used once. It does NOT check profiles (meta.profile is not
followed), terminology bindings (a status "bogus" passes) or references between files.
Errors come in stages: a missing required primitive (e.g. `intent`) is only reported once
the datatype and unknown-element errors of that resource are fixed.

Needs the project's Python, which scripts/setup.sh makes from scripts/python-tools.txt:

    .tools/py/bin/python tests/fhir/validate.py PATH...

PATH is a .json file or a folder (every *.json below it, recursively, in sorted order). One
line per file: `ok  <path>  <resourceType>`, or `FAIL <path>: <reason>` followed by one
indented line per validation error. Exit status: 0 when at least one file was checked and
all passed, 1 when any failed, 2 for usage errors (no PATH, a missing path, no .json found).
"""

import argparse
import json
import sys
from pathlib import Path

try:
    from fhir.resources import get_fhir_model_class
    from fhir.resources.resource import Resource
    from pydantic import ValidationError
except ImportError as err:  # not the project's Python, or setup.sh not run
    sys.exit(f"validate.py: {err}; run it with .tools/py/bin/python (scripts/setup.sh makes it)")


def collect(paths, usage):
    """The files to check, in the order given; folders expand to their sorted *.json."""
    files = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*.json") if p.is_file())
            if not found:
                usage(f"no .json files under {raw}")
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            usage(f"no such file or folder: {raw}")
    return files


def short(value, limit=60):
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def error_lines(err):
    """One readable line per pydantic error: `path.to.element: message (input: ...)`."""
    lines = []
    for item in err.errors():
        where = ".".join(str(part) for part in item["loc"]) or "(resource)"
        msg = " ".join(item["msg"].split())  # some messages span several indented lines
        extra = "" if "missing" in item["type"] else f" (input: {short(item.get('input'))})"
        lines.append(f"{where}: {msg}{extra}")
    return lines


def check(path):
    """(None, resourceType) when the file holds a valid R5 resource, else (reason, [details])."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        return f"not JSON: {err}", []
    if not isinstance(data, dict):
        return f"not a JSON object but {type(data).__name__}", []
    rtype = data.get("resourceType")
    if not isinstance(rtype, str) or not rtype:
        return "no resourceType", []
    try:
        model = get_fhir_model_class(rtype)
    except ValueError:
        model = None
    if model is None or not issubclass(model, Resource):
        return f"resourceType {rtype!r} is not an R5 resource", []
    try:
        model.model_validate(data)
    except ValidationError as err:
        lines = error_lines(err)
        return f"{len(lines)} validation error(s) in {rtype}", lines
    return None, rtype


def main(argv):
    parser = argparse.ArgumentParser(
        description="Check FHIR R5 JSON resources with fhir.resources (structure, not profiles)."
    )
    parser.add_argument("paths", nargs="*", metavar="PATH", help=".json file or folder")
    args = parser.parse_args(argv)
    if not args.paths:
        parser.error("give at least one .json file or folder")
    files = collect(args.paths, parser.error)
    failed = 0
    for path in files:
        reason, detail = check(path)
        if reason is None:
            print(f"ok  {path}  {detail}")
            continue
        failed += 1
        print(f"FAIL {path}: {reason}")
        for line in detail:
            print(f"    {line}")
    print(f"{len(files) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
