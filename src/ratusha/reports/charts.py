"""Bar charts of the report as inline SVG, drawn on the server by pygal.

No script and no external file: the SVG is part of the page, labelled for screen readers
(role="img" with a name; the table under each chart carries the same figures).
"""

import pygal
from pygal.etree import etree
from pygal.style import Style


STYLE = Style(
    background="transparent",
    plot_background="transparent",
    foreground="#1c1c1c",
    foreground_strong="#1c1c1c",
    foreground_subtle="#5a5a5a",
    colors=("#0b5394", "#b45f06", "#38761d"),
    font_family="DejaVu Sans, Arial, sans-serif",
    label_font_size=20,
    major_label_font_size=20,
    legend_font_size=22,
    value_font_size=20,
)


def bar_chart(label: str, x_labels, series) -> str:
    """`series`: [(name, [values])]; returns the <svg> element (no XML declaration)."""
    chart = pygal.Bar(
        style=STYLE,
        js=(),
        disable_xml_declaration=True,
        show_y_guides=True,
        legend_at_bottom=True,
        legend_at_bottom_columns=len(series),
        print_values=False,
        width=640,
        height=360,
        x_label_rotation=0,
        truncate_label=-1,
        explicit_size=False,
        margin_bottom=10,
    )
    chart.x_labels = list(x_labels)
    for name, values in series:
        chart.add(name, list(values))
    tree = chart.render_tree()
    for parent in list(tree.iter()):  # pygal's config for its tooltips: no script on the page
        for child in list(parent):
            if isinstance(child.tag, str) and child.tag.endswith("script"):
                parent.remove(child)
    tree.set("role", "img")
    tree.set("aria-label", label)
    tree.set("focusable", "false")
    tree.set("width", "100%")  # as wide as the page allows, never wider than drawn
    tree.set("style", "max-width: 640px; height: auto; display: block")
    return etree.tostring(tree, encoding="unicode")
