"""The package under test is the wheel installed in the virtualenv."""

import os
import sysconfig

import claimlint


def test_the_package_is_imported_from_site_packages_not_the_source_tree():
    purelib = os.path.realpath(sysconfig.get_paths()["purelib"])
    assert os.path.realpath(claimlint.__file__).startswith(purelib), claimlint.__file__


def test_the_wheel_ships_type_stubs_and_the_typed_marker():
    folder = os.path.dirname(claimlint.__file__)
    assert os.path.isfile(os.path.join(folder, "py.typed"))
    assert os.path.isfile(os.path.join(folder, "_native.pyi"))


def test_the_version_is_the_crates():
    root = os.path.join(os.path.dirname(__file__), "..", "..", "..")
    with open(os.path.join(root, "Cargo.toml")) as f:
        assert f'version = "{claimlint.__version__}"' in f.read()
