"""Pure rules about partners and their survey: no database, so that services, selectors, the volume seeder
and tests share one definition."""

from collections.abc import Iterable

ACTIVE_KEY = "active"

# The survey's steps that each ask for the experiences of one tier: a step's name is its
# tier's code.
TIER_STEPS = ("awareness", "exploration", "preparation")  # in the survey's order


def partner_supply_keys(
    *,
    is_active: bool,
    organization_id: int | None,
    pathway_ids: Iterable[int],
    tier_ids: Iterable[int],
) -> list[str]:
    """The supply counts (`partners.models.SupplyCount`) a partner counts under, as
    "<kind>:<id>" keys: only an active partner counts, once in all, once under each pathway
    it chose, each tier it offers an experience of, and its organization."""
    if not is_active:
        return []
    keys = {ACTIVE_KEY}
    keys.update(f"pathway:{pk}" for pk in pathway_ids)
    keys.update(f"tier:{pk}" for pk in tier_ids)
    if organization_id is not None:
        keys.add(f"organization:{organization_id}")
    return sorted(keys)


def supply_key_parts(key: str) -> tuple[str, int]:
    """("pathway", 3) for "pathway:3"; ("active", 0) for "active"."""
    kind, _, entry_id = key.partition(":")
    return kind, int(entry_id or 0)
