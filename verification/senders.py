"""SMS senders. An office plugs in its SMS gateway by naming a class with `send(phone, text)` in `SMS_SENDER`."""

import logging
import re

from civicgrid.masking import mask_phone

logger = logging.getLogger("civicgrid.sms")

# What LogSender has sent in this process, like Django's mail.outbox: tests read the codes from here.
outbox: list[tuple[str, str]] = []


class LogSender:
    """Development and test sender: writes the message to the log instead of sending it."""

    def send(self, phone: str, text: str) -> None:
        outbox.append((phone, text))
        logger.info("SMS to %s: %s", mask_phone(phone), text)


def last_code(phone: str) -> str | None:
    """The last code LogSender sent to `phone` in this process, or None."""
    for to, text in reversed(outbox):
        if to == phone:
            found = re.search(r"\d{6}", text)
            return found.group(0) if found else None
    return None
