"""`make i18n`: rebuild locales/ratusha.pot from the code and sync the bg and en catalogues.

Collects msgids from Python, templates and ZCML in src/ratusha, and from the GenericSetup
XML in profiles/ and workflows/ (titles of roles, workflow states and transitions).
"""

import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[3]
PACKAGE = ROOT / "src" / "ratusha"
LOCALES = PACKAGE / "locales"
POT = LOCALES / "ratusha.pot"
LANGUAGES = ("bg", "en")


def i18ndude(*args):
    executable = pathlib.Path(sys.executable).with_name("i18ndude")
    subprocess.run([str(executable), *map(str, args)], check=True, cwd=ROOT)


def fill_english(po):
    """English is the source language: an empty msgstr takes the default text (or the msgid)."""
    lines = po.read_text(encoding="utf-8").splitlines()
    out, default, msgid = [], None, None
    for line in lines:
        if line.startswith('#. Default: "'):
            default = line[len('#. Default: '):]
        elif line.startswith("msgid "):
            msgid = line[len("msgid "):]
        elif line == 'msgstr ""' and msgid not in (None, '""'):
            line = f"msgstr {default or msgid}"
            default = msgid = None
        out.append(line)
    po.write_text("\n".join(out) + "\n", encoding="utf-8")


def main():
    i18ndude("rebuild-pot", "--pot", POT, "--create", "ratusha", "src/ratusha")
    for folder in ("workflows", "profiles"):
        extra = LOCALES / f"ratusha-{folder}.pot"
        i18ndude("rebuild-pot", "--pot", extra, "--create", "ratusha", folder)
        i18ndude("merge", "--pot", POT, "--merge", extra)
        extra.unlink()
    for language in LANGUAGES:
        po = LOCALES / language / "LC_MESSAGES" / "ratusha.po"
        if not po.exists():
            po.parent.mkdir(parents=True, exist_ok=True)
            po.write_text(
                'msgid ""\nmsgstr ""\n'
                '"Content-Type: text/plain; charset=UTF-8\\n"\n'
                '"Content-Transfer-Encoding: 8bit\\n"\n'
                f'"Language-Code: {language}\\n"\n'
                f'"Language-Name: {language}\\n"\n'
                '"Domain: ratusha\\n"\n',
                encoding="utf-8",
            )
        i18ndude("sync", "--pot", POT, po)
        if language == "en":
            fill_english(po)


if __name__ == "__main__":
    main()
