"""The reference registry loader: idempotent, updates in place, refuses bad files whole."""

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from archive.models import Affiliation, Party, Person, Publication
from archive.registry import DEFAULT_REGISTRY

pytestmark = pytest.mark.django_db

SMALL = """
[[publication]]
name = "The Daily Test"

[[party]]
abbreviation = "MQM"
name = "Muttahida Qaumi Movement"

[[party]]
abbreviation = "MQM-P"
name = "Muttahida Qaumi Movement Pakistan"
faction_of = "MQM"

[[party]]
abbreviation = "PSP"
name = "Pak Sarzameen Party"
merged_into = "MQM-P"
merged_on = 2023-01-12

[[person]]
name = "Mustafa Kamal"
aliases = ["Syed Mustafa Kamal", "Kamal"]

[[person.affiliation]]
party = "PSP"
role = "Chairman"
started_on = 2016-03-23
ended_on = 2023-01-12
"""


def load(path):
    out = StringIO()
    call_command("load_registry", str(path), stdout=out)
    return out.getvalue()


def test_it_loads_the_project_registry_with_every_seed_entity():
    load(DEFAULT_REGISTRY)
    kamal = Person.objects.get(slug="mustafa-kamal")
    assert "Kamal" in kamal.alias_list
    assert Party.objects.get(slug="mqm-p").faction_of.abbreviation == "MQM"
    psp = Party.objects.get(slug="psp")
    assert psp.merged_into.abbreviation == "MQM-P"
    assert psp.merged_on == datetime.date(2023, 1, 12)
    roles = list(kamal.affiliations.values_list("party__abbreviation", "role"))
    assert roles == [
        ("MQM", "Mayor of Karachi"),
        ("PSP", "Chairman"),
        ("MQM-P", "Senior Deputy Convener"),
    ]
    assert Publication.objects.filter(name="The Express Tribune").exists()


def test_loading_twice_changes_nothing_and_says_so():
    load(DEFAULT_REGISTRY)
    counts = (Person.objects.count(), Party.objects.count(), Affiliation.objects.count())
    updated = Person.objects.get(slug="mustafa-kamal").updated
    second = load(DEFAULT_REGISTRY)
    assert "unchanged" in second.lower()
    assert (Person.objects.count(), Party.objects.count(), Affiliation.objects.count()) == counts
    assert Person.objects.get(slug="mustafa-kamal").updated == updated


def test_it_updates_entries_in_place_by_slug(tmp_path):
    path = tmp_path / "registry.toml"
    path.write_text(SMALL)
    load(path)
    kamal_pk = Person.objects.get(slug="mustafa-kamal").pk
    path.write_text(SMALL.replace('"Kamal"]', '"Kamal", "Mustafa Kamal Syed"]'))
    out = load(path)
    assert "1 updated" in out
    kamal = Person.objects.get(slug="mustafa-kamal")
    assert kamal.pk == kamal_pk
    assert "Mustafa Kamal Syed" in kamal.alias_list


@pytest.mark.parametrize(
    ("mistake", "message"),
    [
        ('faction_of = "MQM"', 'faction_of = "NOPE"'),
        ("started_on = 2016-03-23", 'started_on = "last spring"'),
        ('party = "PSP"', 'party = "XYZ"'),
        ('name = "Mustafa Kamal"', "name = 42"),
    ],
)
def test_a_bad_entry_loads_nothing_and_names_the_entry(tmp_path, mistake, message):
    path = tmp_path / "registry.toml"
    path.write_text(SMALL.replace(mistake, message, 1))
    with pytest.raises(CommandError) as err:
        load(path)
    assert any(word in str(err.value) for word in ("party", "person", "affiliation"))
    assert Person.objects.count() == 0
    assert Party.objects.count() == 0
    assert Publication.objects.count() == 0


def test_it_refuses_a_file_that_is_not_toml(tmp_path):
    path = tmp_path / "registry.toml"
    path.write_text("[[person]\nname = ")
    with pytest.raises(CommandError, match="not valid TOML"):
        load(path)


class TestFileAndAdminTogether:
    def test_a_second_load_keeps_what_an_editor_changed_and_takes_what_the_file_changed(
        self, tmp_path
    ):
        from editors import curation

        path = tmp_path / "registry.toml"
        path.write_text(SMALL, encoding="utf-8")
        load(path)
        kamal = Person.objects.get(name="Mustafa Kamal")
        duplicate = Person.objects.create(name="Mustafa Kamaal", slug="mustafa-kamaal")
        curation.merge_people(kamal, [duplicate])  # adds "Mustafa Kamaal" to his aliases
        mqm = Party.objects.get(abbreviation="MQM")
        mqm.description = "Written by an editor."
        mqm.save()
        path.write_text(
            SMALL.replace('name = "Pak Sarzameen Party"', 'name = "Pak Sarzameen Party (PSP)"'),
            encoding="utf-8",
        )

        out = load(path)

        kamal.refresh_from_db()
        assert "Mustafa Kamaal" in kamal.alias_list
        assert Party.objects.get(abbreviation="MQM").description == "Written by an editor."
        assert Party.objects.get(abbreviation="PSP").name == "Pak Sarzameen Party (PSP)"
        assert "conflict" not in out.lower() and "left as the archive has them" not in out

    def test_a_field_both_changed_is_reported_and_kept_unless_forced(self, tmp_path):
        path = tmp_path / "registry.toml"
        path.write_text(SMALL, encoding="utf-8")
        load(path)
        kamal = Person.objects.get(name="Mustafa Kamal")
        kamal.aliases = "Syed Mustafa Kamal\nKamal\nMayor Kamal"
        kamal.save()
        path.write_text(SMALL.replace('"Kamal"]', '"Kamal", "S. M. Kamal"]'), encoding="utf-8")

        out = load(path)

        assert "left as the archive has them" in out
        assert "person Mustafa Kamal: aliases: the file says" in out
        kamal.refresh_from_db()
        assert "Mayor Kamal" in kamal.alias_list

        forced = StringIO()
        call_command("load_registry", str(path), "--force", stdout=forced)
        kamal.refresh_from_db()
        assert kamal.alias_list == ["Syed Mustafa Kamal", "Kamal", "S. M. Kamal"]

    def test_an_entry_merged_in_the_admin_is_not_made_again(self, tmp_path):
        from editors import curation

        path = tmp_path / "registry.toml"
        path.write_text(SMALL + '\n[[person]]\nname = "Mustafa Kamaal"\n', encoding="utf-8")
        load(path)
        kamal, duplicate = (
            Person.objects.get(name="Mustafa Kamal"),
            Person.objects.get(name="Mustafa Kamaal"),
        )
        curation.merge_people(kamal, [duplicate])

        out = load(path)

        assert not Person.objects.filter(name="Mustafa Kamaal").exists()
        assert "merged into Mustafa Kamal" in out
