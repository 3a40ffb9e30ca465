"""The reference registry as the linker sees it, read straight from its TOML file,
so the pipeline's tests need no database."""

import tomllib
from pathlib import Path

from importing.link import Entity

REGISTRY_TOML = Path(__file__).resolve().parents[2] / "fixtures" / "registry.toml"


def registry_entities():
    """``(people, parties)``: the registry's Entity values."""
    data = tomllib.loads(REGISTRY_TOML.read_text(encoding="utf-8"))
    people = [Entity.person(p["name"], p.get("aliases", [])) for p in data["person"]]
    parties = [
        Entity.party(p["abbreviation"], p["name"], p.get("aliases", [])) for p in data["party"]
    ]
    return people, parties
