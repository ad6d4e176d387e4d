"""The access log writes every request's query string; a search by ЕГН/ЛНЧ (a register's
filter, REST @search) must not leave the number there, so it is masked before it is written."""

import logging
import re


PATTERN = re.compile(r"(personal_number=)[^&\s\"']*")
LOGGERS = ("wsgi",)  # Paste's translogger, the access log (instance/zope.ini.in)


def mask(text: str) -> str:
    return PATTERN.sub(r"\1***", text)


class MaskPersonalNumbers(logging.Filter):
    def filter(self, record):
        message = record.getMessage()
        masked = mask(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True


def install() -> None:
    for name in LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, MaskPersonalNumbers) for f in logger.filters):
            logger.addFilter(MaskPersonalNumbers())
