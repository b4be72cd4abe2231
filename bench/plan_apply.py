#!/usr/bin/env python3
"""Times infra init/plan/apply/no-op plan/destroy on generated configurations of N
resources, and reports wall time and peak memory of each command.

Usage: bench/plan_apply.py [--build build] [--sizes 100,1000] [--parallelism 10]
                           [--resource local_file|infra_data]
local_file goes through the real plugin process and writes files; infra_data (built in)
manages nothing outside the state, so its numbers are the engine's.
Prints a Markdown table (the one in docs/benchmarks.md).
"""
import argparse
import os
import shutil
import subprocess
import tempfile
import time


def generate_data(directory, n):
    """N infra_data resources with about three references each: the previous one's id and
    output, and a variable."""
    lines = ['variable "prefix" {\n  default = "bench"\n}\n']
    for i in range(n):
        refs = f' ${{infra_data.d{i - 1}.id}} ${{infra_data.d{i - 1}.output.n}}' if i % 10 else ''
        lines.append(
            f'resource "infra_data" "d{i}" {{\n'
            f'  input = {{ n = {i}, label = "${{var.prefix}} {i}{refs}" }}\n'
            f'}}\n')
    with open(os.path.join(directory, "main.infra"), "w") as f:
        f.write("\n".join(lines))


def generate(directory, n):
    """N files in chains of 10: each file's content refers to the previous file's id."""
    lines = ['variable "prefix" {\n  default = "bench"\n}\n']
    for i in range(n):
        dep = f' ${{local_file.f{i - 1}.id}}' if i % 10 else ''
        lines.append(
            f'resource "local_file" "f{i}" {{\n'
            f'  filename = "out/{i % 100}/f{i}.txt"\n'
            f'  content  = "${{var.prefix}} {i}{dep}"\n'
            f'}}\n')
    with open(os.path.join(directory, "main.infra"), "w") as f:
        f.write("\n".join(lines))


def run(infra, directory, args):
    start = time.monotonic()
    proc = subprocess.Popen([infra] + args, cwd=directory, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.monotonic() - start
    err = proc.stderr.read().decode()
    proc.stderr.close()
    if os.waitstatus_to_exitcode(status) not in (0, 2):
        raise SystemExit(f"infra {' '.join(args)} failed:\n{err}")
    # CPU time of infra and the plugins it reaped, user and system: what a busy machine
    # inflates far less than wall time.
    return elapsed, usage.ru_maxrss / 1024.0, usage.ru_utime + usage.ru_stime  # s, MiB, s


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--build", default="build")
    parser.add_argument("--sizes", default="100,1000")
    parser.add_argument("--parallelism", default="10")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--resource", default="local_file", choices=["local_file", "infra_data"])
    opts = parser.parse_args()
    infra = os.path.abspath(os.path.join(opts.build, "bin", "infra"))
    par = f"-parallelism={opts.parallelism}"
    steps = [
        ("plan (empty state)", ["plan", "-no-color", par]),
        ("apply", ["apply", "-auto-approve", "-no-color", par]),
        ("plan (no changes, refresh)", ["plan", "-no-color", par]),
        ("plan -refresh=false", ["plan", "-no-color", "-refresh=false", par]),
        ("destroy", ["destroy", "-auto-approve", "-no-color", par]),
    ]
    print("| resources | command | wall time (median of %d) | CPU time | peak RSS |" % opts.repeat)
    print("| ---: | --- | ---: | ---: | ---: |")
    for n in [int(s) for s in opts.sizes.split(",")]:
        results = {name: [] for name, _ in steps}
        for _ in range(opts.repeat):
            directory = tempfile.mkdtemp(prefix="infra-bench-")
            try:
                (generate_data if opts.resource == "infra_data" else generate)(directory, n)
                run(infra, directory, ["init", "-no-color"])
                for name, args in steps:
                    results[name].append(run(infra, directory, args))
            finally:
                shutil.rmtree(directory)
        for name, _ in steps:
            times = sorted(t for t, _, _ in results[name])
            cpus = sorted(c for _, _, c in results[name])
            rss = max(m for _, m, _ in results[name])
            print(f"| {n:,} | `{name}` | {times[len(times) // 2]:.2f} s | "
                  f"{cpus[len(cpus) // 2]:.2f} s | {rss:,.0f} MiB |")


if __name__ == "__main__":
    main()
