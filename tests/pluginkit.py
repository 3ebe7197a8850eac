"""Install a rule plugin the way pip lays out a distribution, without a build.

The package folder plus a ``*.dist-info`` with METADATA and entry_points.txt, in a folder the
caller puts on sys.path: importlib.metadata then sees it like any installed package, and
hamopt finds its rules through the ``hamopt.rules`` entry-point group.
"""

from __future__ import annotations

from pathlib import Path


def install_plugin(
    site: Path,
    dist_name: str,
    version: str,
    package: str,
    files: dict[str, str],
    entry_points: dict[str, dict[str, str]],
) -> None:
    """Write ``files`` (relative path -> text) under ``site/package`` and its dist-info."""
    for rel, text in files.items():
        path = site / package / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    dist = site / f"{dist_name.replace('-', '_')}-{version}.dist-info"
    dist.mkdir(parents=True)
    metadata = f"Metadata-Version: 2.1\nName: {dist_name}\nVersion: {version}\n"
    (dist / "METADATA").write_text(metadata)
    (dist / "entry_points.txt").write_text(
        "".join(
            f"[{group}]\n" + "".join(f"{name} = {target}\n" for name, target in eps.items())
            for group, eps in entry_points.items()
        )
    )
