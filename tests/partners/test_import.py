"""`manage.py import_partners FILE.csv`: idempotent by email, bad rows reported by line."""

import pytest
from django.core.management import CommandError, call_command

from partners.models import Organization, Partner

pytestmark = pytest.mark.django_db

HEADER = "first_name,last_name,email,phone,job_title,roles,organization,organization_type,certifications,experiences,contributions,pathways,zip\n"
GOOD = [
    "Ana,Silva,ana@example.org,503-555-0100,Nurse,PPS Parent; volunteer,,,N/A,Job Shadow;mock interview,,Health Sciences,97217\n",
    "Raj,Patel,RAJ@Example.org,,Engineer,Business/Industry Partner,Acme Robotics,Business/Industry,MBE;wbe,Career Presentations (Panels & Speakers),Financial Donations,Industrial and Engineering Systems,97209\n",
]


def write(tmp_path, *lines):
    path = tmp_path / "partners.csv"
    path.write_text(HEADER + "".join(lines))
    return str(path)


def run(path, capsys):
    try:
        call_command("import_partners", path)
        code = 0
    except CommandError as error:
        code = 1
        print(error)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_imports_rows_matching_catalogs_case_insensitively(tmp_path, capsys):
    code, out, _ = run(write(tmp_path, *GOOD), capsys)
    assert code == 0
    assert "2 created, 0 updated, 0 rejected" in out
    raj = Partner.objects.get(email="raj@example.org")
    assert raj.organization.name == "Acme Robotics"
    assert set(raj.organization.certifications.values_list("code", flat=True)) == {"mbe", "wbe"}
    assert list(raj.experiences.values_list("code", flat=True)) == ["career_presentations"]
    ana = Partner.objects.get(email="ana@example.org")
    assert set(ana.roles.values_list("code", flat=True)) == {"parent", "volunteer"}
    assert set(ana.experiences.values_list("code", flat=True)) == {"job_shadow", "mock_interview"}
    assert not ana.user.has_usable_password()


def test_reimport_updates_instead_of_duplicating(tmp_path, capsys):
    run(write(tmp_path, *GOOD), capsys)
    changed = GOOD[0].replace("Nurse", "Head nurse")
    code, out, _ = run(write(tmp_path, changed, GOOD[1]), capsys)
    assert code == 0
    assert "0 created, 2 updated, 0 rejected" in out
    assert Partner.objects.count() == 2
    assert Organization.objects.count() == 1
    assert Partner.objects.get(email="ana@example.org").job_title == "Head nurse"


def test_bad_rows_are_reported_by_line_and_the_good_rows_kept(tmp_path, capsys):
    bad = [
        "Bo,Lee,bo@example.org,,,Astronaut,,,,Job Shadow,,Health Sciences,97209\n",
        "Cy,Ng,not-an-email,,,Volunteer,,,,Job Shadow,,Health Sciences,97209\n",
        "Di,Ho,di@example.org,,,Business/Industry Partner,,,,Job Shadow,,Health Sciences,97209\n",
        "Ed,Yu,ed@example.org,,,Volunteer,,,,,,Health Sciences,97209\n",
        "Fa,Li,fa@example.org,,,Volunteer,,,,Job Shadow,,Health Sciences,00000\n",
        ",,,,,,,,,,,,\n",
    ]
    code, out, err = run(write(tmp_path, GOOD[0], *bad, GOOD[1]), capsys)
    assert code == 1
    assert "2 created, 0 updated, 6 rejected" in out
    assert "line 3: unknown role: Astronaut" in err
    assert "line 4: email 'not-an-email' is not a valid address" in err
    assert "line 5: A Business/Industry Partner must name the company" in err
    assert "line 6: Choose at least one experience or contribution" in err
    assert "line 7: zip: 00000 is not a US ZIP code" in err
    assert "line 8: first_name is required" in err
    assert Partner.objects.count() == 2


def test_a_missing_column_is_a_clear_command_error(tmp_path):
    path = tmp_path / "partners.csv"
    path.write_text("first_name,last_name,email\nA,B,a@example.org\n")
    with pytest.raises(CommandError, match="missing column"):
        call_command("import_partners", str(path))


def test_a_missing_file_is_a_clear_command_error(tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        call_command("import_partners", str(tmp_path / "nope.csv"))


def test_a_nul_character_or_an_oversized_cell_rejects_its_row_by_line(tmp_path, capsys):
    import csv

    nul = GOOD[0].replace("Nurse", "Nu\x00rse").replace("ana@", "nul@")
    huge = GOOD[0].replace("Nurse", "N" * (csv.field_size_limit() + 1)).replace("ana@", "big@")
    code, out, err = run(write(tmp_path, GOOD[0], nul, huge, GOOD[1]), capsys)
    assert code == 1
    assert "2 created, 0 updated, 2 rejected" in out
    assert "line 3: a cell contains a NUL character" in err
    assert f"line 4: a cell is longer than {csv.field_size_limit():,} characters" in err
    assert set(Partner.objects.values_list("email", flat=True)) == {
        "ana@example.org",
        "raj@example.org",
    }


def test_the_same_email_twice_in_a_file_is_one_partner(tmp_path, capsys, settings):
    settings.IMPORT_CHUNK_ROWS = 2
    again = GOOD[0].replace("Nurse", "Head nurse")
    bad_first = GOOD[1].replace("97209", "00000")
    code, out, err = run(write(tmp_path, bad_first, GOOD[1], GOOD[0], again), capsys)
    assert "2 created, 1 updated, 1 rejected" in out
    assert Partner.objects.get(email="ana@example.org").job_title == "Head nurse"
