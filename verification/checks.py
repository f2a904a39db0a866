from django.conf import settings
from django.core.checks import Warning


def log_sender_in_production(app_configs, **kwargs):
    if settings.DEBUG or settings.SMS_SENDER != "verification.senders.LogSender":
        return []
    return [
        Warning(
            "Verification codes are written to the log, not sent (SMS_SENDER is the log sender).",
            hint="Set CIVICGRID_SMS_SENDER to the dotted path of a class with send(phone, text) for your SMS gateway.",
            id="verification.W001",
        )
    ]
