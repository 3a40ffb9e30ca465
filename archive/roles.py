"""The Editors group: exactly what a newsroom editor needs, and no user management."""

EDITORS = "Editors"

# app label -> models an editor may add, change, delete and view
EDITOR_MODELS = {
    "archive": [
        "article",
        "articleperson",
        "articleparty",
        "comment",
        "person",
        "party",
        "affiliation",
        "publication",
        "suggestedname",
        "historicalarticle",
        "historicalperson",
        "historicalparty",
        "historicalaffiliation",
    ],
    "taggit": ["tag", "taggeditem"],
}


def ensure_editors_group(group_model, permission_model):
    """Create or refresh the Editors group; the models may be historical ones."""
    group, _ = group_model.objects.get_or_create(name=EDITORS)
    perms = permission_model.objects.filter(content_type__app_label__in=EDITOR_MODELS)
    group.permissions.set(
        [p for p in perms if p.content_type.model in EDITOR_MODELS[p.content_type.app_label]]
    )
    return group
