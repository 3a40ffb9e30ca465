"""Reading the reference registry (fixtures/registry.toml) into the database.

The file is checked whole before anything is written, so a malformed entry
loads nothing; then every entry is matched by slug. The file and the admin live
together: what the file last said of each entry is kept (RegistryRecord), so a
field the file changed is updated, a field an editor changed is left as the
editor made it, and a field both changed is a conflict, reported and left
alone unless the load is forced. An entry merged into another in the admin is
not made again. Loading twice changes nothing.
"""

import datetime
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils.text import slugify

from .models import Affiliation, MovedSlug, Party, Person, Publication, RegistryRecord

DEFAULT_REGISTRY = Path(settings.BASE_DIR) / "fixtures" / "registry.toml"


class RegistryError(ValueError):
    """The registry file cannot be loaded; the message names the entry and field."""


@dataclass
class LoadReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0
    # "person X: aliases: the file says …, the archive says …" (left as the archive has it)
    conflicts: list[str] = field(default_factory=list)
    # entries merged into another in the admin, not made again
    merged: list[str] = field(default_factory=list)

    @property
    def changed(self):
        return bool(self.created or self.updated)


def _text(entry, key, where, required=False):
    value = entry.get(key, "")
    if not isinstance(value, str):
        raise RegistryError(f"{where}: '{key}' must be text, not {type(value).__name__}")
    if required and not value.strip():
        raise RegistryError(f"{where}: '{key}' is required")
    return value.strip()


def _date(entry, key, where):
    value = entry.get(key)
    if value is None:
        return None
    if isinstance(value, datetime.datetime) or not isinstance(value, datetime.date):
        raise RegistryError(f"{where}: '{key}' must be a date like 2016-03-23, not {value!r}")
    return value


def _aliases(entry, where):
    value = entry.get("aliases", [])
    if not isinstance(value, list) or not all(isinstance(a, str) and a.strip() for a in value):
        raise RegistryError(f"{where}: 'aliases' must be a list of names")
    return "\n".join(a.strip() for a in value)


def _wikidata(entry, where):
    value = _text(entry, "wikidata", where)
    if value and not (value[0] == "Q" and value[1:].isdigit()):
        raise RegistryError(f"{where}: 'wikidata' must look like Q12345, not {value!r}")
    return value


def _entries(data, key):
    value = data.get(key, [])
    if not isinstance(value, list):
        raise RegistryError(f"'{key}' must be a list of [[{key}]] tables")
    return value


def parse_registry(text, source="registry"):
    """Check the TOML text and return plain dicts ready to store; raises RegistryError."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise RegistryError(f"{source} is not valid TOML: {err}") from err
    known = {"publication", "party", "person"}
    unknown = set(data) - known
    if unknown:
        raise RegistryError(f"{source}: unknown section(s) {', '.join(sorted(unknown))}")

    publications, parties, people = [], [], []
    for i, entry in enumerate(_entries(data, "publication"), 1):
        where = f"publication #{i}"
        name = _text(entry, "name", where, required=True)
        where = f"publication {name!r}"
        publications.append(
            {
                "slug": slugify(name),
                "name": name,
                "homepage": _text(entry, "homepage", where),
                "aliases": _aliases(entry, where),
            }
        )

    abbreviations = set()
    for i, entry in enumerate(_entries(data, "party"), 1):
        abbr = _text(entry, "abbreviation", f"party #{i}", required=True)
        where = f"party {abbr!r}"
        if abbr in abbreviations:
            raise RegistryError(f"{where}: listed twice")
        abbreviations.add(abbr)
        founded, dissolved = _date(entry, "founded_on", where), _date(entry, "dissolved_on", where)
        if founded and dissolved and dissolved < founded:
            raise RegistryError(f"{where}: 'dissolved_on' is before 'founded_on'")
        parties.append(
            {
                "slug": slugify(abbr),
                "abbreviation": abbr,
                "name": _text(entry, "name", where, required=True),
                "aliases": _aliases(entry, where),
                "description": _text(entry, "description", where),
                "wikidata_id": _wikidata(entry, where),
                "founded_on": founded,
                "dissolved_on": dissolved,
                "merged_on": _date(entry, "merged_on", where),
                "faction_of": _text(entry, "faction_of", where),
                "merged_into": _text(entry, "merged_into", where),
            }
        )
    for party in parties:
        for key in ("faction_of", "merged_into"):
            if party[key] and party[key] not in abbreviations:
                raise RegistryError(
                    f"party {party['abbreviation']!r}: '{key}' names unknown party {party[key]!r}"
                )
            if party[key] == party["abbreviation"]:
                raise RegistryError(f"party {party['abbreviation']!r}: '{key}' names itself")

    slugs = set()
    for i, entry in enumerate(_entries(data, "person"), 1):
        name = _text(entry, "name", f"person #{i}", required=True)
        where = f"person {name!r}"
        slug = slugify(name)
        if slug in slugs:
            raise RegistryError(f"{where}: listed twice")
        slugs.add(slug)
        affiliations = []
        raw = entry.get("affiliation", [])
        if not isinstance(raw, list):
            raise RegistryError(f"{where}: 'affiliation' must be a list of tables")
        for j, aff in enumerate(raw, 1):
            here = f"{where}, affiliation #{j}"
            party = _text(aff, "party", here, required=True)
            if party not in abbreviations:
                raise RegistryError(f"{here}: unknown party {party!r}")
            started, ended = _date(aff, "started_on", here), _date(aff, "ended_on", here)
            if started and ended and ended < started:
                raise RegistryError(f"{here}: 'ended_on' is before 'started_on'")
            affiliations.append(
                {
                    "party": party,
                    "role": _text(aff, "role", here),
                    "started_on": started,
                    "ended_on": ended,
                }
            )
        people.append(
            {
                "slug": slug,
                "name": name,
                "aliases": _aliases(entry, where),
                "description": _text(entry, "description", where),
                "wikidata_id": _wikidata(entry, where),
                "affiliations": affiliations,
            }
        )
    return {"publications": publications, "parties": parties, "people": people}


KINDS = {Publication: "publication", Party: "party", Person: "person"}


def _plain(value):
    """A value as the record keeps it (JSON): dates as their ISO text."""
    return value.isoformat() if isinstance(value, datetime.date) else value


def _shown(value):
    text = str(value).replace("\n", ", ")
    return f"“{text[:60]}…”" if len(text) > 60 else f"“{text}”"


def _upsert(model, values, report, label, force=False):
    """Create or update the entry with values['slug'] as the module says; record
    what happened and what the file said."""
    kind = KINDS[model]
    record = RegistryRecord.objects.filter(kind=kind, slug=values["slug"]).first()
    said = {k: _plain(v) for k, v in values.items()}
    obj = model.objects.filter(slug=values["slug"]).first()
    if obj is None:
        moved = MovedSlug.objects.filter(kind=kind, slug=values["slug"]).first()
        survivor = moved and model.objects.filter(pk=moved.target_id).first()
        if survivor:
            report.merged.append(f"{label} (merged into {survivor}; not made again)")
            return survivor
        obj = model.objects.create(**values)
        report.created.append(label)
        RegistryRecord.objects.update_or_create(kind=kind, slug=obj.slug, defaults={"values": said})
        return obj
    last = record.values if record else {}
    updates, remembered = {}, dict(said)
    for key, value in values.items():
        current = getattr(obj, key)
        if current == value:
            continue
        if key in last and last[key] == said[key]:
            continue  # the file says what it said: the archive's value is an editor's
        if key in last and _plain(current) == last[key] or force:
            updates[key] = value
        else:
            report.conflicts.append(
                f"{label}: {key}: the file says {_shown(value)}, the archive {_shown(current)}"
            )
            # Still a conflict at the next load, until an editor or --force settles it.
            if key in last:
                remembered[key] = last[key]
            else:
                remembered.pop(key)
    if updates:
        for key, value in updates.items():
            setattr(obj, key, value)
        obj.save()
        report.updated.append(f"{label} ({', '.join(updates)})")
    else:
        report.unchanged += 1
    RegistryRecord.objects.update_or_create(
        kind=kind, slug=obj.slug, defaults={"values": remembered}
    )
    return obj


@transaction.atomic
def store_registry(parsed, force=False):
    report = LoadReport()
    for values in parsed["publications"]:
        _upsert(Publication, values, report, f"publication {values['name']}", force)

    by_abbr = {}
    for values in parsed["parties"]:
        plain = {k: v for k, v in values.items() if k not in ("faction_of", "merged_into")}
        by_abbr[values["abbreviation"]] = _upsert(
            Party, plain, report, f"party {values['abbreviation']}", force
        )
    # Second pass: the links between parties, once every party exists.
    for values in parsed["parties"]:
        party = by_abbr[values["abbreviation"]]
        links = {
            "faction_of": by_abbr.get(values["faction_of"]),
            "merged_into": by_abbr.get(values["merged_into"]),
        }
        changed = [k for k, v in links.items() if getattr(party, k) != v]
        if changed:
            for k in changed:
                setattr(party, k, links[k])
            party.save()
            label = f"party {values['abbreviation']}"
            if label not in report.created:
                report.updated.append(f"{label} ({', '.join(changed)})")

    for values in parsed["people"]:
        plain = {k: v for k, v in values.items() if k != "affiliations"}
        person = _upsert(Person, plain, report, f"person {values['name']}", force)
        for aff in values["affiliations"]:
            party = by_abbr[aff["party"]]
            existing = Affiliation.objects.filter(
                person=person, party=party, role=aff["role"], started_on=aff["started_on"]
            ).first()
            if existing is None:
                Affiliation.objects.create(
                    person=person,
                    party=party,
                    **{k: aff[k] for k in ("role", "started_on", "ended_on")},
                )
                report.created.append(f"affiliation {person.name} – {party.abbreviation}")
            elif existing.ended_on != aff["ended_on"]:
                existing.ended_on = aff["ended_on"]
                existing.save()
                report.updated.append(f"affiliation {person.name} – {party.abbreviation}")
            else:
                report.unchanged += 1
    return report


def load_registry(path=DEFAULT_REGISTRY, force=False):
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise RegistryError(f"{path}: cannot read: {err}") from err
    return store_registry(parse_registry(text, source=str(path)), force)
