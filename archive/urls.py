from django.urls import path

from . import views

app_name = "archive"

urlpatterns = [
    path("", views.home, name="home"),
    path("articles/", views.ArticleListView.as_view(), name="article-list"),
    path("articles/<slug:slug>/", views.article_detail, name="article-detail"),
    path("people/", views.PersonListView.as_view(), name="person-list"),
    path("people/<slug:slug>/", views.person_detail, name="person-detail"),
    path("parties/", views.PartyListView.as_view(), name="party-list"),
    path("parties/<slug:slug>/", views.party_detail, name="party-detail"),
    path("publications/<slug:slug>/", views.publication_detail, name="publication-detail"),
]
