"""A font with Cyrillic for every PDF Ratusha writes (letters, protocols), with fpdf2.

Fonts come from Debian's fonts-dejavu-core (`RATUSHA_PDF_FONTS` names another folder with
DejaVuSans.ttf and DejaVuSans-Bold.ttf).
"""

import os
import pathlib


FONT_DIR = pathlib.Path(os.environ.get("RATUSHA_PDF_FONTS", "/usr/share/fonts/truetype/dejavu"))


def add_dejavu(pdf, error):
    """Register DejaVu Sans (regular and bold) as "DejaVu": Cyrillic needs a Unicode font.

    `error` is the caller's exception class, raised when the fonts are not installed.
    """
    regular, bold = FONT_DIR / "DejaVuSans.ttf", FONT_DIR / "DejaVuSans-Bold.ttf"
    if not regular.exists() or not bold.exists():
        raise error(f"Fonts not found in {FONT_DIR} (install fonts-dejavu-core).")
    pdf.add_font("DejaVu", "", str(regular))
    pdf.add_font("DejaVu", "B", str(bold))
