"""The one error of the Open311 views: an HTTP status and the messages of the spec's <errors> document."""


class Open311Error(Exception):
    def __init__(self, status: int, *messages: str, headers: dict | None = None):
        super().__init__("; ".join(str(m) for m in messages))
        self.status = status
        self.errors = [(status, str(message)) for message in messages]
        self.headers = headers or {}
