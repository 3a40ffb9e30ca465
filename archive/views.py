from django.shortcuts import get_object_or_404, redirect, render
from django.views.generic import ListView

from .models import Article, Party, Person, Publication


def home(request):
    return redirect("archive:article-list")


class ArticleListView(ListView):
    template_name = "archive/article_list.html"
    context_object_name = "articles"
    paginate_by = 20

    def get_queryset(self):
        return Article.objects.published().newest_first().select_related("publication")


def article_detail(request, slug):
    article = get_object_or_404(
        Article.objects.published().select_related("publication"), slug=slug
    )
    return render(request, "archive/article_detail.html", {"article": article})


class PersonListView(ListView):
    template_name = "archive/person_list.html"
    context_object_name = "people"
    paginate_by = 50
    queryset = Person.objects.all()


def person_detail(request, slug):
    person = get_object_or_404(Person, slug=slug)
    return render(request, "archive/person_detail.html", {"person": person})


class PartyListView(ListView):
    template_name = "archive/party_list.html"
    context_object_name = "parties"
    paginate_by = 50
    queryset = Party.objects.all()


def party_detail(request, slug):
    party = get_object_or_404(Party, slug=slug)
    return render(request, "archive/party_detail.html", {"party": party})


def publication_detail(request, slug):
    publication = get_object_or_404(Publication, slug=slug)
    return render(request, "archive/publication_detail.html", {"publication": publication})
