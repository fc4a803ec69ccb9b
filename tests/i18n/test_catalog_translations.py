"""The catalogs' labels per language (django-modeltranslation): the shipped translations,
English as the default and the fallback, the English columns that reports read, the admin."""

from importlib import import_module

import pytest
from django.urls import reverse
from django.utils import translation

from partners.models import Certification, Experience, Partner, Pathway, Tier
from tests.partners.factories import PartnerFactory

pytestmark = pytest.mark.django_db

SHIPPED = import_module("partners.migrations.0012_catalog_translations_shipped").SHIPPED


def test_every_shipped_translation_is_loaded_by_the_migration():
    from django.apps import apps

    for model_name, code, field, english, translations in SHIPPED:
        entry = apps.get_model("partners", model_name).objects.get(code=code)
        assert getattr(entry, f"{field}_en") == english, (model_name, code, field)
        for language, text in translations.items():
            assert getattr(entry, f"{field}_{language}") == text, (model_name, code, language)
            assert text.strip() and text != english, (model_name, code, language)


def test_the_shipped_translations_load_again_after_a_flush():
    """tests/support/reference_data.py reruns the data migrations with the real models."""
    from django.apps import apps

    Pathway.objects.update(name_es=None, help_text_es=None)
    import_module("partners.migrations.0012_catalog_translations_shipped").load(apps, None)
    with translation.override("es"):
        assert Pathway.objects.get(code="health_sciences").name == "Ciencias de la salud"
    assert Pathway.objects.get(code="health_sciences").name == "Health Sciences"


def test_partners_read_the_catalogs_in_their_language():
    health = Pathway.objects.get(code="health_sciences")
    with translation.override("es"):
        assert health.name == "Ciencias de la salud"
        assert health.label_with_help == "Ciencias de la salud (es decir, servicios de salud)"
    with translation.override("zh-hans"):
        assert str(Tier.objects.get(code="awareness")) == "职业认知"
    assert health.name == "Health Sciences"


def test_an_empty_translation_shows_the_english_wording():
    mbe = Certification.objects.get(code="mbe")
    with translation.override("ru"):
        assert mbe.name == "MBE"  # an acronym: shipped without a translation
        assert mbe.help_text == "Предприятие, принадлежащее представителям меньшинств"
    Pathway.objects.filter(code="health_sciences").update(name_vi=None)
    with translation.override("vi"):
        assert Pathway.objects.get(code="health_sciences").name == "Health Sciences"


def test_queries_order_and_filter_by_the_active_languages_label():
    with translation.override("es"):
        assert Pathway.objects.filter(name="Ciencias de la salud").get().code == "health_sciences"
        codes = list(Pathway.objects.active().values_list("code", flat=True))
        names = list(Pathway.objects.active().values_list("name", flat=True))
    assert codes[0] == "agriculture" and codes[-1] == "no_preference"  # by position
    assert names[3] == "Ciencias de la salud"


def test_editing_in_another_language_keeps_the_english_columns_that_reports_read():
    partner = PartnerFactory(pathways=["health_sciences"])
    health = Pathway.objects.get(code="health_sciences")
    with translation.override("es"):
        health.name = "Ciencias de la Salud"
        health.save()
    health.refresh_from_db()
    assert (health.name_en, health.name_es) == ("Health Sciences", "Ciencias de la Salud")
    # A query from another table reads the untranslated column: still the English.
    assert list(Partner.objects.filter(pk=partner.pk).values_list("pathways__name", flat=True)) == [
        "Health Sciences"
    ]


def test_a_new_entry_gets_its_english_text_whatever_the_language():
    tier = Tier.objects.get(code="exploration")
    with translation.override("es"):
        made = Experience.objects.create(code="hackathon", name="Hackatón", tier=tier)
    made.refresh_from_db()
    assert made.name_en == "Hackatón" and made.name_es == "Hackatón"
    english = Experience.objects.create(code="robotics_night", name="Robotics Night", tier=tier)
    english.refresh_from_db()
    assert english.name_en == "Robotics Night" and english.name_es is None


def test_the_district_admin_edits_each_languages_label(client, district_admin_user):
    client.force_login(district_admin_user)
    health = Pathway.objects.get(code="health_sciences")
    url = reverse("admin:partners_pathway_change", args=[health.pk])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert 'name="name" value="Health Sciences"' in page  # the English, whatever the browser's
    assert 'name="name_en"' not in page
    for code in ("es", "vi", "zh_hans", "ru", "so"):
        assert f'name="name_{code}"' in page and f'name="help_text_{code}"' in page
    assert "Español (es)" in page and "Soomaali (so)" in page
    assert '<label for="id_name_vi">Label (vi):</label>' in page
    assert '<label for="id_help_text_vi">Help text (vi):</label>' in page
    response = client.post(
        url,
        {
            "code": health.code,
            "name": "Health Sciences and Medicine",
            "help_text": health.help_text,
            "position": health.position,
            "is_active": "on",
            "name_es": "Ciencias de la salud y medicina",
            "help_text_es": health.help_text_es,
        },
        HTTP_ACCEPT_LANGUAGE="es",
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    health.refresh_from_db()
    assert health.name_en == "Health Sciences and Medicine"
    assert health.name_es == "Ciencias de la salud y medicina"
    assert health.name_vi is None  # left empty: Vietnamese readers see the English
    with translation.override("vi"):
        assert str(health) == "Health Sciences and Medicine"
    # Reports and exports read the untranslated column: the new English.
    assert Pathway.objects.filter(pk=health.pk).raw_values("name")[0]["name"] == (
        "Health Sciences and Medicine"
    )
