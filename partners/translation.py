"""The catalogs' partner-facing text in every language (django-modeltranslation): a column
per language (`name_en`, `name_es`, ...), edited in the admin; English is the default and
what an empty translation shows. Which fields: each model's `translated_fields`."""

from modeltranslation.translator import TranslationOptions, register

from .models import (
    CatalogEntry,
    Certification,
    Contribution,
    Experience,
    OrganizationType,
    PartnerRole,
    Pathway,
    Tier,
)


@register([PartnerRole, OrganizationType, Certification, Experience, Contribution, Pathway])
class CatalogTranslationOptions(TranslationOptions):
    fields = CatalogEntry.translated_fields


@register(Tier)
class TierTranslationOptions(TranslationOptions):
    fields = Tier.translated_fields
