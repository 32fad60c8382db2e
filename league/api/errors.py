"""The API's refusals: {"error": {"status", "code", "message"}} (docs/api.md)."""

from rest_framework import serializers


class ApiError(Exception):
    """A client error, answered as JSON: {"error": {"status", "code", "message"}}."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message

    def payload(self) -> dict:
        return {"error": {"status": self.status, "code": self.code, "message": self.message}}


def not_found(message: str) -> ApiError:
    return ApiError(404, "not_found", message)


def bad_request(message: str) -> ApiError:
    return ApiError(400, "bad_request", message)


CODES = {
    400: "bad_request",
    404: "not_found",
    405: "method_not_allowed",
    429: "throttled",
}


class ErrorDetailSerializer(serializers.Serializer):
    status = serializers.IntegerField(min_value=400, max_value=599)
    code = serializers.ChoiceField(
        choices=sorted(CODES.values()), help_text="Stable: rely on it, not on the message."
    )
    message = serializers.CharField(help_text="Plain English; may change.")


class ErrorSerializer(serializers.Serializer):
    error = ErrorDetailSerializer()
