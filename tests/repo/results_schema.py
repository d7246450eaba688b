#!/usr/bin/env python3
"""Every summary.json and raw/run.json against doc/schema/ (doc/results-format.md).

Validates, in this order:
  1. the schema itself: a summary and a run record of each kind made here by the collector
     (a 1-run native round trip, a HermiTux replay of a fixture: under a second) must pass, and
     the same files with one member of the wrong type must fail (so the schema is no "anything");
  2. every summary.json under tests/fixtures: each must pass, except the files listed in
     tests/fixtures/legacy-format.txt (written by earlier versions and kept unedited to test that
     they still read), each of which must fail (a listed file that passes is a stale list);
  3. every summary.json and raw/run.json under build/test-output written after the collector was
     built (the outputs of the tests that ran before this one: ctest DEPENDS orders it last);
     older ones, left by an earlier build, are counted and not judged. Files a test writes by hand
     as bad input are listed in HAND_WRITTEN. Files with neither "provenance" nor "incomplete"
     (which this collector always writes) are a test's input copied, or edited, from a legacy
     fixture (a replay's raw/run.json when the replay refused it): counted as inputs, not judged.
Usage: results_schema.py SOURCE_DIR BINARY_DIR. Exit 0 when all pass, 1 with one line per failure.
"""
import copy
import json
import pathlib
import subprocess
import sys
import tempfile

try:
    import jsonschema
except ImportError:
    print("SKIPPED: python3-jsonschema is not installed (Debian: python3-jsonschema)")
    sys.exit(77)
try:
    from referencing import Registry, Resource  # jsonschema >= 4.18
except ImportError:  # Debian 12's 4.10
    Registry = None

# Written by tests as deliberately broken input, not by the collector (test-output/ relative).
HAND_WRITTEN = {"compare/broken/summary.json", "compare/cut/summary.json"}


def validators(schema_dir):
    schemas = {p.name: json.loads(p.read_text()) for p in schema_dir.glob("*.schema.json")}
    cls = jsonschema.Draft202012Validator
    for schema in schemas.values():
        cls.check_schema(schema)
    if Registry is not None:
        registry = Registry().with_resources(
            (s["$id"], Resource.from_contents(s)) for s in schemas.values())
        make = lambda s: cls(s, registry=registry)
    else:  # jsonschema 4.10 (Debian 12): a RefResolver with the schemas in its store
        store = {s["$id"]: s for s in schemas.values()}
        make = lambda s: cls(s, resolver=jsonschema.RefResolver.from_schema(s, store=store))
    return {"summary": make(schemas["summary.schema.json"]), "run": make(schemas["run.schema.json"])}


def leaves(errors):
    """The innermost errors: what is actually wrong, rather than 'no branch of oneOf matched'."""
    for error in errors:
        if error.validator == "oneOf" and error.context:
            # The form the document is closest to: the branch with the fewest errors.
            branches = {}
            for inner in error.context:
                branches.setdefault(inner.schema_path[0], []).append(inner)
            yield from leaves(min(branches.values(), key=len))
        elif error.context:
            yield from leaves(error.context)
        else:
            yield error


def errors_of(validator, document):
    found = list(leaves(validator.iter_errors(document)))
    if not found:
        return None
    # unevaluatedProperties also fires when a shared part (allOf) failed: report that part.
    best = min(found, key=lambda e: (e.validator == "unevaluatedProperties", -len(e.absolute_path)))
    where = "/".join(str(p) for p in best.absolute_path) or "(top)"
    return f"{where}: {best.message[:300]}"


def which(path):
    return "run" if path.name == "run.json" else "summary"


def check_file(validators_by_kind, path, failures):
    try:
        document = json.loads(path.read_text())
    except ValueError as e:
        failures.append(f"{path}: not JSON ({e})")
        return None
    error = errors_of(validators_by_kind[which(path)], document)
    if error:
        failures.append(f"{path}: {error}")
    return document


def written_by_collector(path):
    """False for a file without the members every file of this collector has; None when it is not
    readable JSON (check_file reports that)."""
    try:
        document = json.loads(path.read_text())
    except ValueError:
        return None
    return not isinstance(document, dict) or "provenance" in document or "incomplete" in document


def own_outputs(binary_dir, source_dir, work):
    collector = binary_dir / "bin" / "collector"
    runs = [
        [collector, "--benchmark", "roundtrip", "--scenario", "linux", "--variant", "raw",
         "--runs", "1", "--iterations", "1000", "--warmup", "10", "--floor-samples", "1000",
         "-q", "--output-dir", work / "roundtrip"],
        [collector, "--scenario", "hermitux", "--replay",
         source_dir / "tests/fixtures/hermitux/buffer-1000", "-q", "--output-dir", work / "entry"],
        [collector, "--benchmark", "interpose", "--scenario", "linux", "--mechanism",
         "raw,rewrite", "--runs", "1", "--iterations", "1000", "--warmup", "10",
         "--floor-samples", "1000", "-q", "--output-dir", work / "interpose"],
    ]
    for command in runs:
        done = subprocess.run([str(c) for c in command], capture_output=True, text=True)
        if done.returncode != 0:
            sys.exit(f"FAIL: {' '.join(map(str, command))} exited {done.returncode}: "
                     f"{done.stderr.strip()[:400]}")
    return [work / k / f for k in ("roundtrip", "entry", "interpose")
            for f in ("summary.json", "raw/run.json")]


# One member per kind set to a wrong type: the schema must refuse each.
MUTATIONS = [
    ("environment.tsc_khz as text", lambda d: d["environment"].update(tsc_khz="2300000")),
    ("wall_seconds as text", lambda d: d.update(wall_seconds="3.94")),
    ("environment.governor empty", lambda d: d["environment"].update(governor="")),
    ("provenance missing", lambda d: d.pop("provenance")),
    ("an unknown member", lambda d: d.update(cpu=1)),
]

# A member of one kind's own part set to a wrong type: {benchmark: (what, mutation)}.
KIND_MUTATIONS = {
    "roundtrip": ("variants.raw.runs[0] as text",
                  lambda d: d["variants"]["raw"]["runs"].__setitem__(0, "219.9")),
    "interpose": ("mechanisms.raw.ioctl.per_call.p50 as text",
                  lambda d: d["mechanisms"]["raw"]["ioctl"]["per_call"].update(p50="246")),
}


def check_schema_bites(validators_by_kind, files, failures):
    for path in files:
        document = json.loads(path.read_text())
        own = KIND_MUTATIONS.get(document.get("benchmark")) if which(path) == "summary" else None
        for what, mutate in MUTATIONS + ([own] if own else []):
            bad = copy.deepcopy(document)
            mutate(bad)
            if errors_of(validators_by_kind[which(path)], bad) is None:
                failures.append(f"{path}: the schema accepts it with {what}")


def main():
    source_dir, binary_dir = (pathlib.Path(a).resolve() for a in sys.argv[1:3])
    v = validators(source_dir / "doc/schema")
    failures = []
    counts = {"own": 0, "fixtures": 0, "legacy": 0, "outputs": 0, "stale": 0, "inputs": 0}

    with tempfile.TemporaryDirectory() as tmp:
        own = own_outputs(binary_dir, source_dir, pathlib.Path(tmp))
        for path in own:
            check_file(v, path, failures)
            counts["own"] += 1
        check_schema_bites(v, own, failures)

    fixtures = source_dir / "tests/fixtures"
    legacy_list = fixtures / "legacy-format.txt"
    legacy = {line.split()[0] for line in legacy_list.read_text().splitlines()
              if line.strip() and not line.startswith("#")}
    for path in sorted(fixtures.rglob("summary.json")) + sorted(fixtures.rglob("run.json")):
        name = str(path.relative_to(fixtures))
        if name in legacy:
            legacy.discard(name)
            counts["legacy"] += 1
            if errors_of(v[which(path)], json.loads(path.read_text())) is None:
                failures.append(f"{path}: listed in {legacy_list.name} but valid: drop it there")
            continue
        check_file(v, path, failures)
        counts["fixtures"] += 1
    for name in sorted(legacy):
        failures.append(f"{legacy_list}: {name} is no fixture")

    outputs = binary_dir / "test-output"
    built = (binary_dir / "bin" / "collector").stat().st_mtime
    found = sorted(outputs.rglob("summary.json")) + sorted(outputs.rglob("run.json")) \
        if outputs.is_dir() else []
    for path in found:
        if str(path.relative_to(outputs)) in HAND_WRITTEN:
            continue
        if path.stat().st_mtime < built:
            counts["stale"] += 1
            continue
        if written_by_collector(path) is False:
            counts["inputs"] += 1
            continue
        check_file(v, path, failures)
        counts["outputs"] += 1

    for failure in failures:
        print("FAIL:", failure)
    print(f"validated: {counts['own']} made here, {counts['fixtures']} fixtures, "
          f"{counts['outputs']} test outputs; {counts['legacy']} legacy fixtures refused as "
          f"expected; {counts['stale']} outputs older than the collector and "
          f"{counts['inputs']} legacy-format inputs not judged")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
