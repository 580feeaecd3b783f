"""The wheel installs one import name, `adapt`, with its templates and migrations inside it."""

import subprocess
import sys
import zipfile

from conftest import ROOT


def test_report_renders_from_the_built_wheel(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                    "--no-build-isolation", "--wheel-dir", str(tmp_path / "dist"), str(ROOT)],
                   check=True, capture_output=True, timeout=300)
    wheel = next((tmp_path / "dist").glob("adapt-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert {name.split("/")[0] for name in names if ".dist-info/" not in name} == {"adapt"}
    assert "adapt/templates/text/report.txt.j2" in names
    assert "adapt/templates/markdown/report.md.j2" in names
    assert "adapt/templates/prices.j2" in names
    assert "adapt/engine/data/tuning.toml" in names  # the tuning catalogue
    assert {"adapt/storage/migrations/env.py", "adapt/storage/migrations/script.py.mako",
            "adapt/storage/migrations/versions/0001_initial.py",
            "adapt/storage/migrations/versions/0002_delivery_claims.py",
            "adapt/bot/blockkit/templates/home.json.j2"} <= set(names)
    unpacked = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(unpacked)
    probe = ("import sys, adapt.templates as t, adapt.cli; "
             "assert t.__file__.startswith(sys.argv[1]), t.__file__; "
             "sys.exit(adapt.cli.main(['support', '--format', 'markdown']))")
    result = subprocess.run([sys.executable, "-c", probe, str(unpacked)], cwd=tmp_path,
                            env={"PYTHONPATH": str(unpacked), "PATH": "/usr/bin:/bin",
                                 "HOME": str(tmp_path)},
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("## ADR: LoRA / PEFT")
    migrate = ("import sys, adapt.storage.store as s; "
               "assert s.__file__.startswith(sys.argv[1]), s.__file__; "
               "print(s.upgrade(s.make_engine('sqlite:///' + sys.argv[2])))")
    migrated = subprocess.run([sys.executable, "-c", migrate, str(unpacked),
                               str(tmp_path / "wheel.db")], cwd=tmp_path,
                              env={"PYTHONPATH": str(unpacked), "PATH": "/usr/bin:/bin",
                                   "HOME": str(tmp_path)},
                              capture_output=True, text=True, timeout=60)
    assert migrated.returncode == 0, migrated.stderr
    assert migrated.stdout == "0002\n"
