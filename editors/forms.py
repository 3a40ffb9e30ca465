"""Forms of the editors' workplace that the admin does not make by itself."""

from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib.admin.widgets import AutocompleteSelect
from django.template.defaultfilters import filesizeformat
from taggit.models import Tag

from archive.models import Article, Person, Publication, SuggestedName


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file field that takes several files at once and cleans to a list."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        # An empty file is judged with the others, as one failed line of the
        # report; Django's "The submitted file is empty." refused the whole upload.
        kwargs.setdefault("allow_empty_file", True)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        if not files and self.required:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        clean_one = super().clean
        return [clean_one(f, initial) for f in files]


class UploadForm(forms.Form):
    # The form's metaclass takes the field out of the class, so it does not
    # shadow Form.files at run time; the type checker cannot know that.
    files = MultipleFileField(  # type: ignore[assignment]
        label="Scraped texts",
        error_messages={"required": "Choose one or more .txt or .html files to import."},
    )
    status = forms.ChoiceField(
        choices=[
            (Article.Status.DRAFT, "Drafts, to check before they go public"),
            (Article.Status.PUBLISHED, "Published at once"),
        ],
        initial=Article.Status.DRAFT,
        widget=forms.RadioSelect,
        label="Import as",
    )
    publication = forms.ModelChoiceField(
        Publication.objects.all(),
        required=False,
        empty_label="As each text says",
        help_text="Choose an outlet when the texts do not name theirs.",
    )
    update = forms.BooleanField(
        required=False,
        label="Update articles imported before from files of the same name",
        help_text="Articles an editor has changed since are kept as they are.",
    )

    def __init__(self, *args, **kwargs):
        from importing.reading import SUFFIXES

        super().__init__(*args, **kwargs)
        self.suffixes = SUFFIXES
        self.fields["files"].widget.attrs["accept"] = ",".join(SUFFIXES)
        self.max_bytes = settings.NEWSROOM_MAX_IMPORT_BYTES
        self.max_files = settings.DATA_UPLOAD_MAX_NUMBER_FILES
        self.fields["files"].help_text = (
            f"Up to {self.max_files} .txt or .html files at a time, "
            f"each at most {filesizeformat(self.max_bytes)}."
        )

    def refusal(self, upload):
        """Why an uploaded file is not handed to the importer, or None."""
        if Path(upload.name).suffix.lower() not in self.suffixes:
            return "not imported: only .txt and .html files can be imported"
        if upload.size > self.max_bytes:
            return (
                f"not imported: the file is {filesizeformat(upload.size)}, "
                f"over the limit of {filesizeformat(self.max_bytes)}"
            )
        return None


class ArticleAdminForm(forms.ModelForm):
    class Meta:
        model = Article
        fields = [
            "title",
            "subtitle",
            "byline",
            "status",
            "published_on",
            "dateline",
            "publication",
            "highlights",
            "caption",
            "body",
            "tags",
        ]
        widgets = {
            "title": forms.TextInput(attrs={"class": "vTextField headline"}),
            "subtitle": forms.Textarea(attrs={"rows": 2}),
            "highlights": forms.Textarea(attrs={"rows": 4}),
            "caption": forms.Textarea(attrs={"rows": 2}),
            "body": forms.Textarea(attrs={"rows": 24, "class": "article-body"}),
        }


class TagAdminForm(forms.ModelForm):
    class Meta:
        model = Tag
        fields = ["name", "slug"]

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        clash = Tag.objects.filter(name__iexact=name).exclude(pk=self.instance.pk).first()
        if clash:
            raise forms.ValidationError(
                f"Tags ignore case, and “{clash.name}” already exists; "
                "select both tags in the list and merge them instead."
            )
        return name


class Decision:
    ACCEPT = "accept"
    ALIAS = "alias"
    REJECT = "reject"
    CHOICES = [
        (ACCEPT, "Accept: make it a new person and link the articles"),
        (ALIAS, "Add it as another way of writing the person chosen below"),
        (REJECT, "Reject: not a person, or not worth keeping; never suggest it again"),
    ]


class SuggestionReviewForm(forms.ModelForm):
    decision = forms.ChoiceField(choices=Decision.CHOICES, widget=forms.RadioSelect)

    class Meta:
        model = SuggestedName
        fields = ["decision", "person"]
        labels = {"person": "Existing person"}
        help_texts = {"person": "Only for “Add it as another way of writing …”."}

    def clean(self):
        data = super().clean()
        decision, person = data.get("decision"), data.get("person")
        if decision == Decision.ALIAS and not person:
            self.add_error("person", "Choose the person this name is another way of writing.")
        elif decision != Decision.ALIAS and person:
            self.add_error(
                "person", "Leave this empty, or choose “Add it as another way of writing …”."
            )
        return data


class AliasTargetForm(forms.Form):
    """The person to whom selected suggested names are added as aliases."""

    def __init__(self, *args, admin_site, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"] = forms.ModelChoiceField(
            Person.objects.all(),
            label="Existing person",
            widget=AutocompleteSelect(SuggestedName._meta.get_field("person"), admin_site),
        )
