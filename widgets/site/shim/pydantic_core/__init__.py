"""pydantic_core for the browser stand-in: the one name the course's schema imports."""


class PydanticCustomError(ValueError):
    def __init__(self, error_type: str, message: str, context: dict | None = None):
        super().__init__(message)
        self.error_type, self.message_template = error_type, message
