# The kernel builds (.wasm, and build.json) go into the package as integration2d/kernel/, which the package
# reads first (kernel.py). They are made by `npm run build` in the clone (dist/kernel), outside this project
# directory, so they are copied at build time: into an sdist, as kernel/ at its root (so a wheel builds from it
# anywhere; not inside src/integration2d, where setuptools would take the folder for a package of its own),
# and from there or from the clone into a wheel. Everything else is in pyproject.toml.
from pathlib import Path
import shutil

from setuptools import setup
from setuptools.command.build_py import build_py
from setuptools.command.sdist import sdist

HERE = Path(__file__).resolve().parent
CLONE = HERE.parent.parent
CARRIED = "kernel"  # where an sdist carries them, relative to its root
BUILDS = ("scalar.wasm", "simd.wasm", "wasi.wasm", "build.json")


def kernel_source() -> Path:
    """The clone's dist/kernel when building in the clone (the fresh build wins over any old copy), else the
    copy this sdist carries."""
    in_clone = HERE.parent.name == "host" and (CLONE / "package.json").is_file()
    source = CLONE / "dist" / "kernel" if in_clone else HERE / CARRIED
    missing = [b for b in BUILDS if not (source / b).is_file()]
    if missing:
        fix = "run `npm run build` in the repository first" if in_clone else "this sdist was made without them"
        raise SystemExit(f"integration2d: {', '.join(missing)} not found in {source}: {fix}")
    return source


def copy_kernel(target: Path) -> None:
    source = kernel_source()
    target.mkdir(parents=True, exist_ok=True)
    for b in BUILDS:
        shutil.copyfile(source / b, target / b)


class build_py_with_kernel(build_py):
    def run(self):
        super().run()
        copy_kernel(Path(self.build_lib) / "integration2d" / "kernel")


class sdist_with_kernel(sdist):
    def make_release_tree(self, base_dir, files):
        super().make_release_tree(base_dir, files)
        copy_kernel(Path(base_dir) / CARRIED)


setup(cmdclass={"build_py": build_py_with_kernel, "sdist": sdist_with_kernel})
