#!/usr/bin/env python3
"""The C library as a user gets it (make -C host/c check runs this after run_tests.py):
  - `make install PREFIX=<a temporary directory>`: the header, libintegration2d.a, the versioned .so and its
    links, integration2d.pc and the CLI, nothing else; `make uninstall` takes them all away again;
  - both libraries' global symbols are exactly the functions the header declares;
  - test/consumer.c, copied out of the repository and compiled there against the installed files only, with
    `pkg-config --cflags --libs integration2d` (shared: the installed .so is what the loader finds) and with
    `pkg-config --static …` plus -static (no dynamic section at all);
  - both programs give every vector of test/vectors.json bit for bit (serial and 3 threads), and a refused
    integrand and a value that is not finite as status, field, column and message;
  - the installed CLI, run from outside the repository, gives a vector's bits.
Exit status 0 only if every check passed."""

import json
import os
import re
import shutil
import subprocess
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
CDIR = os.path.dirname(HERE)
ROOT = os.path.dirname(os.path.dirname(CDIR))
VERSION = json.load(open(os.path.join(ROOT, "package.json")))["version"]
VECTORS = json.load(open(os.path.join(ROOT, "test", "vectors.json")))["vectors"]

from checks import check, finish


def sh(args, **kw):
    return subprocess.run(args, capture_output=True, text=True, **kw)


def files_under(top):
    return sorted(os.path.relpath(os.path.join(d, f), top) for d, _, fs in os.walk(top) for f in fs)


tmp = tempfile.mkdtemp(prefix="integration2d-c-install-")
try:
    prefix = os.path.join(tmp, "prefix")
    r = sh(["make", "--no-print-directory", "-C", CDIR, "install", f"PREFIX={prefix}"])
    check("make install PREFIX=…", r.returncode == 0, r.stdout[-2000:] + r.stderr[-2000:])
    so = f"libintegration2d.so.{VERSION}"
    want_files = ["bin/integration2d", "include/integration2d.h", "lib/libintegration2d.a", "lib/libintegration2d.so",
                  "lib/libintegration2d.so.0", f"lib/{so}", "lib/pkgconfig/integration2d.pc"]
    check("installed files", files_under(prefix) == want_files, f"got {files_under(prefix)}")
    check("the .so links", os.readlink(os.path.join(prefix, "lib", "libintegration2d.so")) == "libintegration2d.so.0"
          and os.readlink(os.path.join(prefix, "lib", "libintegration2d.so.0")) == so)

    # The API and nothing else: the functions integration2d.h declares are all either library exports.
    header = open(os.path.join(prefix, "include", "integration2d.h")).read()
    api = sorted(set(re.findall(r"INTEGRATION2D_API [^;(]*?\b(integration2d_\w+)\(", header)))
    lib = os.path.join(prefix, "lib")
    exported = {
        "shared": sh(["nm", "-D", "--defined-only", os.path.join(lib, so)]).stdout,
        "static": sh(["nm", "-g", "--defined-only", os.path.join(lib, "libintegration2d.a")]).stdout,
    }
    for kind, out in exported.items():
        names = sorted(line.split()[-1] for line in out.splitlines() if len(line.split()) == 3)
        check(f"{kind}: the library's global symbols are the header's API", len(api) == 12 and names == api,
              f"api {api}\ngot {names}")

    env = {**os.environ, "PKG_CONFIG_PATH": os.path.join(prefix, "lib", "pkgconfig")}
    env.pop("PKG_CONFIG_LIBDIR", None)
    r = sh(["pkg-config", "--modversion", "integration2d"], env=env)
    check("pkg-config --modversion", r.stdout.strip() == VERSION, r.stdout + r.stderr)
    flags = sh(["pkg-config", "--cflags", "--libs", "integration2d"], env=env).stdout.split()
    static_flags = sh(["pkg-config", "--static", "--cflags", "--libs", "integration2d"], env=env).stdout.split()
    check("pkg-config --cflags --libs", flags == [f"-I{prefix}/include", f"-L{prefix}/lib", "-lintegration2d"], str(flags))
    check("pkg-config --static adds the private libraries", static_flags == flags + ["-lm", "-pthread"], str(static_flags))

    # The consumer lives outside the repository: only the installed header and libraries can reach it.
    work = os.path.join(tmp, "consumer")
    os.mkdir(work)
    shutil.copy(os.path.join(HERE, "consumer.c"), work)
    cc = os.environ.get("CC", "cc")
    builds = {
        "shared": [cc, "consumer.c", *flags, "-o", "consumer-shared"],
        "static": [cc, "-static", "consumer.c", *static_flags, "-o", "consumer-static"],
    }
    for kind, cmd in builds.items():
        r = sh(cmd, cwd=work)
        check(f"{kind}: the consumer builds with pkg-config's flags", r.returncode == 0, " ".join(cmd) + "\n" + r.stderr)

    dyn = sh(["readelf", "-d", "consumer-shared"], cwd=work).stdout
    check("shared: the consumer needs libintegration2d.so.0", "Shared library: [libintegration2d.so.0]" in dyn, dyn)
    run_env = {**os.environ, "LD_LIBRARY_PATH": os.path.join(prefix, "lib")}
    ldd = sh(["ldd", "consumer-shared"], cwd=work, env=run_env).stdout
    check("shared: the loader finds the installed .so", f"libintegration2d.so.0 => {prefix}/lib/libintegration2d.so.0" in ldd, ldd)
    dyn = sh(["readelf", "-d", "consumer-static"], cwd=work)
    check("static: no dynamic section", "There is no dynamic section" in dyn.stdout + dyn.stderr, dyn.stdout + dyn.stderr)

    lines = [f"{v['integrand']}\t{v['domain_text']}\t{v['nx']}\t{v['ny']}" for v in VECTORS]
    lines += ["sin(x+\t0,1,0,1\t10\t10", "1/(x-0.25)\t0,1,0,1\t2\t2"]
    want = [f"integration2d {VERSION}, kernel scalar, ABI 2"]
    want += [f"{v['bits']['scalar']} {v['bits']['scalar']}" for v in VECTORS]
    want += ["error 1 (the kernel refused the problem) field 0 column 7: unexpected end of text at column 7",
             "error 3 (the integral is not finite) field -1 column 0: integrand is not finite at x = 0.25, y = 0.25 (value Inf)"]
    for kind in builds:
        r = sh([os.path.join(work, f"consumer-{kind}")], cwd=work, env=run_env, input="\n".join(lines) + "\n", timeout=600)
        got = r.stdout.splitlines()
        check(f"{kind}: every vector's bits, serial and threads, and two failures in words", r.returncode == 0 and got == want,
              f"exit {r.returncode} {r.stderr}\n" + "\n".join(f"got  {g}\nwant {w}" for g, w in zip(got, want) if g != w))

    v = next(v for v in VECTORS if v["nx"] * v["ny"] <= 1_000_000)
    r = sh([os.path.join(prefix, "bin", "integration2d"), "--json", "-f", v["integrand"], f"--domain={v['domain_text']}",
            "--nx", str(v["nx"]), "--ny", str(v["ny"])], cwd=work, timeout=120)
    check("the installed CLI, outside the repository", r.returncode == 0 and json.loads(r.stdout)["bits"] == v["bits"]["scalar"],
          r.stdout + r.stderr)

    r = sh(["make", "--no-print-directory", "-C", CDIR, "uninstall", f"PREFIX={prefix}"])
    check("make uninstall removes every installed file", r.returncode == 0 and files_under(prefix) == [], str(files_under(prefix)))
finally:
    shutil.rmtree(tmp, ignore_errors=True)

finish("C library install")
