"""Length limits on the title and description of every content item in the classic forms.

plone.basic's title and description have no maximum, so a megabyte title was accepted and then
shown in every listing. REST bodies are limited in `ratusha.core.rest` by the same numbers.
"""

from plone.app.dexterity.behaviors.metadata import IBasic
from ratusha.core.bodies import TEXT_LIMITS
from z3c.form import validator
from zope.schema.interfaces import TooLong


class LengthValidator(validator.SimpleFieldValidator):
    def validate(self, value, force=False):
        super().validate(value, force)
        limit = TEXT_LIMITS[self.field.__name__]
        if value and len(value) > limit:
            raise TooLong(value, limit)


class TitleLength(LengthValidator):
    pass


class DescriptionLength(LengthValidator):
    pass


validator.WidgetValidatorDiscriminators(TitleLength, field=IBasic["title"])
validator.WidgetValidatorDiscriminators(DescriptionLength, field=IBasic["description"])
