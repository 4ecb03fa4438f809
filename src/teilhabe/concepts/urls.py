app_name = "concepts"
urlpatterns: list = []
