"""The configured colours as CSS custom properties over Barceloneta's Bootstrap variables."""


def rgb(colour: str) -> tuple[int, int, int]:
    colour = colour.lstrip("#")
    return tuple(int(colour[i : i + 2], 16) for i in (0, 2, 4))


def shade(colour: str, factor: float) -> str:
    """Darken (factor < 1) a #rrggbb colour, for hover and active states."""
    return "#" + "".join(f"{max(0, min(255, round(c * factor))):02x}" for c in rgb(colour))


def colour_css(primary: str, accent: str) -> str:
    r, g, b = rgb(primary)
    hover, active = shade(primary, 0.85), shade(primary, 0.75)
    # "body" raises specificity above barceloneta.css, whatever order the sheets load in.
    return (
        f":root{{--ratusha-primary:{primary};--ratusha-accent:{accent};"
        f"--bs-primary:{primary};--bs-primary-rgb:{r},{g},{b};"
        f"--bs-link-color:{primary};--bs-link-color-rgb:{r},{g},{b};"
        f"--bs-link-hover-color:{hover};--bs-link-hover-color-rgb:{','.join(map(str, rgb(hover)))}}}"
        f"body .navbar-barceloneta{{--bs-navbar-background:{primary}}}"
        f"body .btn-primary{{--bs-btn-bg:{primary};--bs-btn-border-color:{primary};"
        f"--bs-btn-hover-bg:{hover};--bs-btn-hover-border-color:{hover};"
        f"--bs-btn-active-bg:{active};--bs-btn-active-border-color:{active}}}"
    )
