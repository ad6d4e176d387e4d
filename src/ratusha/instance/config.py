"""Write instance/etc/zope.conf and zope.ini from the templates in instance/.

The templates are committed; the generated files carry absolute paths and the chosen
host and port, so they are regenerated on every `make run` and never committed. An instance
folder without its own templates (one made from an installed wheel) gets the packaged ones:
ratusha/instance/templates, symlinks to the checkout's instance/*.in that the wheel build packs.
"""

import argparse
import os
import pathlib


TEMPLATES = pathlib.Path(__file__).parent / "templates"


def render(template: pathlib.Path, target: pathlib.Path, **values) -> None:
    text = template.read_text(encoding="utf-8")
    # The templates contain ConfigParser's %(name)s, so use str.replace, not str.format.
    for key, value in values.items():
        text = text.replace("{" + key + "}", str(value))
    target.write_text(text, encoding="utf-8")


def template(instance: pathlib.Path, name: str) -> pathlib.Path:
    """The instance folder's own template if it has one, else the packaged one."""
    own = instance / name
    return own if own.exists() else TEMPLATES / name


def write_instance(instance: pathlib.Path, host: str, port: int) -> pathlib.Path:
    instance = instance.resolve()
    etc = instance / "etc"
    var = instance / "var"
    for folder in (etc, var / "filestorage", var / "blobstorage", var / "log", var / "cache"):
        folder.mkdir(parents=True, exist_ok=True)
    os.chmod(var / "blobstorage", 0o700)
    (instance / "keys").mkdir(mode=0o700, exist_ok=True)  # secrets kept apart from the data
    (instance / "journal").mkdir(mode=0o700, exist_ok=True)  # numbers issued (registry.journal)
    values = dict(instance=instance, var=var, etc=etc, host=host, port=port)
    render(template(instance, "zope.conf.in"), etc / "zope.conf", **values)
    render(template(instance, "zope.ini.in"), etc / "zope.ini", **values)
    return etc


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--instance", default="instance", type=pathlib.Path)
    parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    parser.add_argument("--port", default=int(os.environ.get("PORT", "8080")), type=int)
    args = parser.parse_args(argv)
    etc = write_instance(args.instance, args.host, args.port)
    print(f"Zope instance configured in {etc} (listening on {args.host}:{args.port})")


if __name__ == "__main__":
    main()
