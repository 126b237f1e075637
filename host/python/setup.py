# Copies the kernel builds (../../dist/kernel/*.wasm, made by `npm run build`) into the package at build time,
# so `pip install ./host/python` carries the .wasm files it runs. Everything else is in pyproject.toml.
from pathlib import Path
import shutil

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
KERNEL_DIR = HERE.parent.parent / "dist" / "kernel"
BUILDS = ("scalar.wasm", "simd.wasm", "wasi.wasm", "build.json")


class build_py_with_kernel(build_py):
    def run(self):
        super().run()
        missing = [b for b in BUILDS[:2] if not (KERNEL_DIR / b).is_file()]
        if missing:
            raise SystemExit(f"integration2d: {', '.join(missing)} not found in {KERNEL_DIR}: run `npm run build` in the repository first")
        target = Path(self.build_lib) / "integration2d" / "kernel"
        target.mkdir(parents=True, exist_ok=True)
        for b in BUILDS:
            if (KERNEL_DIR / b).is_file():
                shutil.copyfile(KERNEL_DIR / b, target / b)


setup(cmdclass={"build_py": build_py_with_kernel})
