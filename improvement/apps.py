from django.apps import AppConfig


class ImprovementConfig(AppConfig):
    name = "improvement"
    verbose_name = "Improvement plans"

    def ready(self) -> None:
        from league.api.serializers import index_links_extend

        # The plans and notes in the open-data API's index (/api/); the OpenAPI document
        # finds their endpoints by itself.
        index_links_extend(plans="plans:plans", good_practice="notes:notes")
