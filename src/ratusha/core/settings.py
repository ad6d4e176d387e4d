"""Site-wide Ratusha settings kept in plone.registry (edited in the control panel)."""

from plone.autoform import directives
from plone.formwidget.namedfile.widget import NamedImageFieldWidget
from ratusha import _
import re
from zope import schema
from zope.interface import Interface
from zope.interface import Invalid


HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


def hex_colour(value):
    if not HEX_COLOUR.match(value or ""):
        raise Invalid(_("error_colour", default="Give a colour as #rrggbb, e.g. #1f4e79."))
    return True


class IRatushaSettings(Interface):
    """The municipality's identity and look."""

    municipality_name = schema.TextLine(
        title=_("label_municipality_name", default="Municipality name (Bulgarian)"),
        description=_(
            "help_municipality_name", default="Shown in the header, e.g. «Община Примерна»."
        ),
        default="Община Примерна",
        required=True,
    )

    municipality_name_en = schema.TextLine(
        title=_("label_municipality_name_en", default="Municipality name (English)"),
        description=_(
            "help_municipality_name_en", default="Shown when a visitor reads the site in English."
        ),
        default="Primerna Municipality",
        required=False,
    )

    directives.widget("coat_of_arms", NamedImageFieldWidget)
    coat_of_arms = schema.Bytes(
        title=_("label_coat_of_arms", default="Coat of arms"),
        description=_(
            "help_coat_of_arms",
            default="An image (PNG, SVG or JPEG). Without one a plain shield is shown.",
        ),
        required=False,
    )

    primary_colour = schema.TextLine(
        title=_("label_primary_colour", default="Main colour"),
        description=_("help_primary_colour", default="Header and buttons, as #rrggbb."),
        default="#1f4e79",
        constraint=hex_colour,
    )

    accent_colour = schema.TextLine(
        title=_("label_accent_colour", default="Accent colour"),
        description=_("help_accent_colour", default="Badges and highlights, as #rrggbb."),
        default="#c8102e",
        constraint=hex_colour,
    )

    send_email = schema.Bool(
        title=_("label_send_email", default="Send notifications by e-mail"),
        description=_(
            "help_send_email",
            default="Besides the personal room, e-mail each notice to the recipient "
            "(needs the mail settings of the site).",
        ),
        default=True,
    )


def get_settings():
    from plone.registry.interfaces import IRegistry
    from zope.component import getUtility

    return getUtility(IRegistry).forInterface(IRatushaSettings, prefix="ratusha")
