app_name = "league"
urlpatterns: list = []
