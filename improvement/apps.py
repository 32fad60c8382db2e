from django.apps import AppConfig


class ImprovementConfig(AppConfig):
    name = "improvement"
    verbose_name = "Improvement plans"

    def ready(self) -> None:
        from improvement import api, api_learning

        api.register()  # /api/plans/ in the open-data API's OpenAPI document
        api_learning.register()
