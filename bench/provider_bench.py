#!/usr/bin/env python3
"""Times the docker and postgresql providers against real servers, and splits each run's
wall time into waiting on provider calls and the engine's own work.

  docker:     apply and destroy of N containers (busybox httpd, FROM scratch) on one
              network, at -parallelism=10 and -parallelism=1 (needs the Docker socket and
              /bin/busybox from busybox-static)
  postgresql: apply of N roles and N databases (each owned by its role), then a no-change
              plan, which reads all 2N back, at -parallelism=10 and -parallelism=1, against a
              throwaway server from scripts/pg-test-cluster

Usage: bench/provider_bench.py [--build build] [--containers 50] [--pg-objects 200]
                               [--only docker|postgresql]

Every command runs with INFRA_LOG=debug, under which the host prints one
"[timing] provider NAME: WHAT N ms from +S s" line per answered request
(docs/provider-protocol.md). "in calls" is the union of those intervals: the time at least
one provider request was in flight; "engine" is the rest of the wall time (start-up,
parsing, planning, state commits, rendering). "call sum" adds every request's duration,
and so exceeds "in calls" by what ran in parallel. Prints Markdown tables (those in
docs/benchmarks.md).
"""
import argparse
import os
import re
import shutil
import subprocess
import tempfile
import time

TIMING = re.compile(r"^\[timing\] provider (\S+): (\S+)(?: of (\S+))? ([0-9.]+) ms from \+([0-9.]+) s$")


def run(infra, directory, args):
    """Runs infra; returns wall seconds and the provider calls as (what, start, seconds)."""
    env = dict(os.environ, INFRA_LOG="debug")
    start = time.monotonic()
    proc = subprocess.run([infra] + args, cwd=directory, env=env, stdin=subprocess.DEVNULL,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.monotonic() - start
    if proc.returncode not in (0, 2):
        raise SystemExit(f"infra {' '.join(args)} failed:\n{proc.stderr[-4000:]}")
    calls = []
    for line in proc.stderr.splitlines():
        m = TIMING.match(line)
        if m:
            what = m.group(2) + (f" {m.group(3)}" if m.group(3) else "")
            calls.append((what, float(m.group(5)), float(m.group(4)) / 1000))
    return wall, calls


def covered(calls):
    """The length of the union of the calls' intervals."""
    total, end = 0.0, 0.0
    for _, start, length in sorted(calls, key=lambda c: c[1]):
        stop = start + length
        if stop > end:
            total += stop - max(start, end)
            end = stop
    return total


def report_row(label, parallelism, wall, calls):
    in_calls = covered(calls)
    by_what = {}
    for what, _, length in calls:
        count, total = by_what.get(what, (0, 0.0))
        by_what[what] = (count + 1, total + length)
    busiest = sorted(by_what.items(), key=lambda kv: -kv[1][1])[:2]
    detail = ", ".join(f"{what} ×{n} {t:.1f} s" for what, (n, t) in busiest)
    print(f"| {label} | {parallelism} | {wall:.2f} s | {in_calls:.2f} s | "
          f"{max(wall - in_calls, 0):.2f} s | {sum(c[2] for c in calls):.2f} s | {detail} |")


def header():
    print("| command | parallelism | wall | in calls | engine | call sum | largest calls (count, sum) |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | --- |")


def docker(infra, n):
    prefix = f"infra-bench-{os.getpid()}"
    directory = tempfile.mkdtemp(prefix="infra-bench-docker-")
    try:
        os.makedirs(os.path.join(directory, "app"))
        shutil.copy("/bin/busybox", os.path.join(directory, "app", "busybox"))
        with open(os.path.join(directory, "app", "Dockerfile"), "w") as f:
            f.write("FROM scratch\nCOPY busybox /bin/busybox\n")
        subprocess.run(["docker", "build", "-q", "-t", f"{prefix}:1",
                        os.path.join(directory, "app")], check=True, stdout=subprocess.DEVNULL)
        lines = [f'resource "docker_network" "net" {{\n  name = "{prefix}-net"\n}}\n']
        for i in range(n):
            lines.append(
                f'resource "docker_container" "c{i}" {{\n'
                f'  name    = "{prefix}-c{i}"\n'
                f'  image   = "{prefix}:1"\n'
                f'  command = ["/bin/busybox", "httpd", "-f", "-p", "8080"]\n'
                f'  networks_advanced {{\n    name = docker_network.net.name\n  }}\n'
                f'}}\n')
        with open(os.path.join(directory, "main.infra"), "w") as f:
            f.write("\n".join(lines))
        run(infra, directory, ["init", "-no-color"])
        header()
        for parallelism in (10, 1):
            par = f"-parallelism={parallelism}"
            wall, calls = run(infra, directory, ["apply", "-auto-approve", "-no-color", par])
            report_row(f"`apply` ({n} containers + network)", parallelism, wall, calls)
            wall, calls = run(infra, directory, ["plan", "-no-color", par])
            report_row("`plan` (no changes, refresh)", parallelism, wall, calls)
            wall, calls = run(infra, directory, ["destroy", "-auto-approve", "-no-color", par])
            report_row(f"`destroy` ({n} containers + network)", parallelism, wall, calls)
    finally:
        names = subprocess.run(["docker", "ps", "-aq", "--filter", f"name={prefix}"],
                               capture_output=True, text=True).stdout.split()
        if names:
            subprocess.run(["docker", "rm", "-f"] + names, stdout=subprocess.DEVNULL)
        subprocess.run(["docker", "network", "rm", f"{prefix}-net"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        subprocess.run(["docker", "rmi", "-f", f"{prefix}:1"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        shutil.rmtree(directory)


def postgresql(root, infra, n):
    cluster = tempfile.mkdtemp(prefix="infra-bench-pg-")
    directory = tempfile.mkdtemp(prefix="infra-bench-pgcfg-")
    script = os.path.join(root, "scripts", "pg-test-cluster")
    try:
        subprocess.run([script, "start", cluster], check=True, stdout=subprocess.DEVNULL)
        if os.path.exists(os.path.join(cluster, "skip")):
            raise SystemExit(open(os.path.join(cluster, "skip")).read())
        conn = open(os.path.join(cluster, "conn_str")).read().strip()
        lines = [f'provider "postgresql" {{\n  conn_str = "{conn}"\n}}\n']
        for i in range(n):
            lines.append(
                f'resource "postgresql_role" "r{i}" {{\n  name  = "bench_r{i}"\n  login = true\n}}\n\n'
                f'resource "postgresql_database" "d{i}" {{\n  name  = "bench_d{i}"\n'
                f'  owner = postgresql_role.r{i}.name\n}}\n')
        with open(os.path.join(directory, "main.infra"), "w") as f:
            f.write("\n".join(lines))
        run(infra, directory, ["init", "-no-color"])
        header()
        wall, calls = run(infra, directory, ["apply", "-auto-approve", "-no-color"])
        report_row(f"`apply` ({n} roles + {n} databases)", 10, wall, calls)
        for parallelism in (10, 1):
            wall, calls = run(infra, directory, ["plan", "-no-color", f"-parallelism={parallelism}"])
            report_row(f"`plan` (refresh of {2 * n}, no changes)", parallelism, wall, calls)
        wall, calls = run(infra, directory, ["destroy", "-auto-approve", "-no-color"])
        report_row(f"`destroy` ({2 * n})", 10, wall, calls)
    finally:
        subprocess.run([script, "stop", cluster], stdout=subprocess.DEVNULL)
        shutil.rmtree(directory)
        shutil.rmtree(cluster, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--build", default="build")
    parser.add_argument("--containers", type=int, default=50)
    parser.add_argument("--pg-objects", type=int, default=200)
    parser.add_argument("--only", choices=["docker", "postgresql"])
    opts = parser.parse_args()
    infra = os.path.abspath(os.path.join(opts.build, "bin", "infra"))
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    if opts.only in (None, "docker"):
        print(f"\n### docker: {opts.containers} containers on one network\n")
        docker(infra, opts.containers)
    if opts.only in (None, "postgresql"):
        print(f"\n### postgresql: {opts.pg_objects} roles and {opts.pg_objects} databases\n")
        postgresql(root, infra, opts.pg_objects)


if __name__ == "__main__":
    main()
