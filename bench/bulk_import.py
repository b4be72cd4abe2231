#!/usr/bin/env python3
"""Times the adoption of N existing files through one import block with for_each: the
plan (every object read through the provider's import, in parallel), the apply that
records them, and the plan after it (which must show no changes).

Usage: bench/bulk_import.py [--build build] [--sizes 1000] [--parallelism 10]
Prints a Markdown table (the one in docs/benchmarks.md).
"""
import argparse
import os
import shutil
import subprocess
import tempfile
import time

CONFIG = '''locals {{
  names = toset([for f in fileset(path.module, "files/*.txt") : trimsuffix(basename(f), ".txt")])
}}
import {{
  for_each = local.names
  to       = local_file.adopted[each.key]
  id       = "files/${{each.key}}.txt"
}}
resource "local_file" "adopted" {{
  for_each        = local.names
  filename        = "files/${{each.key}}.txt"
  content         = "object ${{each.key}}\\n"
  file_permission = "0644"
}}
'''


def run(infra, directory, args, expect=(0,)):
    start = time.monotonic()
    proc = subprocess.Popen([infra] + args, cwd=directory, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
    out, err = proc.communicate()
    status = proc.returncode
    elapsed = time.monotonic() - start
    if status not in expect:
        raise SystemExit(f"infra {' '.join(args)} exited {status}:\n{err.decode()}")
    return elapsed, out.decode()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--build", default="build")
    parser.add_argument("--sizes", default="1000")
    parser.add_argument("--parallelism", default="10")
    opts = parser.parse_args()
    infra = os.path.abspath(os.path.join(opts.build, "bin", "infra"))
    par = f"-parallelism={opts.parallelism}"
    print("| objects | plan (import) | apply | plan afterwards |")
    print("| ---: | ---: | ---: | ---: |")
    for n in [int(s) for s in opts.sizes.split(",")]:
        directory = tempfile.mkdtemp(prefix="infra-bench-import-")
        try:
            os.makedirs(os.path.join(directory, "files"))
            for i in range(n):
                with open(os.path.join(directory, "files", f"f{i}.txt"), "w") as f:
                    f.write(f"object f{i}\n")
            with open(os.path.join(directory, "main.infra"), "w") as f:
                f.write(CONFIG.format())
            plan, out = run(infra, directory, ["plan", "-no-color", par])
            if f"Plan: {n} to import, 0 to add, 0 to change, 0 to destroy." not in out:
                raise SystemExit("the plan does not import every object:\n" + out[-500:])
            apply, _ = run(infra, directory, ["apply", "-auto-approve", "-no-color", par])
            after, _ = run(infra, directory, ["plan", "-no-color", "-detailed-exitcode", par])
            print(f"| {n:,} | {plan:.2f} s | {apply:.2f} s | {after:.2f} s |")
        finally:
            shutil.rmtree(directory)


if __name__ == "__main__":
    main()
