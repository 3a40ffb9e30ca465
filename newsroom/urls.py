from django.contrib import admin
from django.urls import include, path

from public.urls import sitemap_urls

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("api.urls")),
    *sitemap_urls,
    path("", include("public.urls")),
]
