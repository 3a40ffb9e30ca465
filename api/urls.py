"""The JSON API under /api/: read-only, the public list's filters, and its schema."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from . import views

app_name = "api"

router = SimpleRouter()
router.register("articles", views.ArticleViewSet, basename="article")
router.register("people", views.PersonViewSet, basename="person")
router.register("parties", views.PartyViewSet, basename="party")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("", include(router.urls)),
]
