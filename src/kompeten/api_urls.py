# Placeholder: the REST API is being built.
urlpatterns = []
