"""The three import commands: idempotent by key, bad rows reported by line, good rows kept,
exit status 1 when any row was rejected."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from compliance.models import Contract, Opportunity
from compliance.rules import YearStatus
from compliance.selectors import contract_evaluate
from expo.models import ExpoEdition, Registration
from partners.models import Organization
from tests.compliance.factories import ContractFactory
from tests.expo.factories import ExpoEditionFactory, SponsorLevelFactory
from tests.partners.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

CONTRACTS = "contract_number,contractor,value,start_date,end_date,signed_date,title\n"
OPPORTUNITIES = "organization,date,experience,school,students,note\n"
REGISTRATIONS = "organization,expo_date,kind,sponsor_level\n"


def run(command, tmp_path, text, capsys):
    path = tmp_path / "import.csv"
    path.write_text(text, encoding="utf-8")
    try:
        call_command(command, str(path))
        code = 0
    except CommandError as error:
        code = 1
        print(error)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


# import_contracts


@pytest.mark.parametrize(
    ("value", "expected", "tier"),
    [
        ("99999.99", "99999.99", "none"),
        ('"$99,999.99"', "99999.99", "none"),
        ("100000", "100000.00", "standard"),
        ("100000.00", "100000.00", "standard"),
        ('"$100,000.00"', "100000.00", "standard"),
        ("999999.99", "999999.99", "standard"),
        ('"$999,999.99"', "999999.99", "standard"),
        ("1000000", "1000000.00", "major"),
        ("1000000.00", "1000000.00", "major"),
        ('"$1,000,000.00"', "1000000.00", "major"),
    ],
)
def test_import_contracts_reads_values_in_every_form(tmp_path, capsys, value, expected, tier):
    text = CONTRACTS + f"C-1,Acme Robotics,{value},2024-01-01,2024-12-31,2023-12-15,Robots\n"
    code, out, err = run("import_contracts", tmp_path, text, capsys)
    assert (code, err) == (0, "")
    contract = Contract.objects.get(number="C-1")
    assert contract.value == Decimal(expected)
    assert contract.tier == tier


def test_import_contracts_creates_the_contractor_or_matches_it_ignoring_case(tmp_path, capsys):
    OrganizationFactory(name="Rose City Builders")
    text = (
        CONTRACTS
        + "C-1,  rose city   BUILDERS ,250000,2024-01-01,2025-12-31,2023-12-01,Roofs\n"
        + "C-2,Brand New Org,250000,2024-01-01,2024-12-31,2023-12-01,\n"
    )
    code, out, _ = run("import_contracts", tmp_path, text, capsys)
    assert code == 0
    assert "2 created, 0 updated, 0 unchanged, 0 rejected" in out
    assert Contract.objects.get(number="C-1").contractor.name == "Rose City Builders"
    assert Organization.objects.filter(name="Brand New Org").count() == 1
    assert Organization.objects.count() == 2


def test_reimporting_contracts_updates_and_never_duplicates(tmp_path, capsys):
    row = "C-1,Acme,250000,2024-01-01,2024-12-31,2023-12-01,First title\n"
    run("import_contracts", tmp_path, CONTRACTS + row, capsys)
    code, out, _ = run("import_contracts", tmp_path, CONTRACTS + row, capsys)
    assert "0 created, 0 updated, 1 unchanged" in out
    changed = row.replace("250000", '"$1,500,000.00"').replace("First title", "Second title")
    code, out, _ = run("import_contracts", tmp_path, CONTRACTS + changed, capsys)
    assert code == 0
    assert "0 created, 1 updated" in out
    contract = Contract.objects.get()
    assert (contract.value, contract.title, contract.tier) == (
        Decimal("1500000.00"),
        "Second title",
        "major",
    )


def test_an_import_keeps_the_other_proof_staff_recorded(tmp_path, capsys):
    ContractFactory(number="C-1", other_proof="Email on file")
    row = "C-1,Acme,250000,2024-01-01,2024-12-31,2023-12-01,Title\n"
    run("import_contracts", tmp_path, CONTRACTS + row, capsys)
    assert Contract.objects.get().other_proof == "Email on file"


def test_bad_contract_rows_are_reported_by_line_and_the_good_rows_kept(tmp_path, capsys):
    text = (
        CONTRACTS
        + "C-1,Acme,250000,2024-01-01,2024-12-31,2023-12-01,Good\n"
        + "C-2,Acme,12abc,2024-01-01,2024-12-31,2023-12-01,Bad value\n"
        + "C-3,Acme,250000,2024/01/01,2024-12-31,2023-12-01,Bad date\n"
        + "\n"
        + "C-4,Acme,250000,2024-06-01,2024-05-31,2023-12-01,Ends first\n"
        + ",,250000,2024-01-01,2024-12-31,2023-12-01,No number\n"
        + "C-5,Acme,-5,2024-02-30,2024-12-31,,Many\n"
        + "C-6,Acme,$1000000.001,2024-01-01,2024-12-31,2023-12-01,Cents\n"
        + "C-7,Acme,1000000,2024-01-01,2026-12-31,2023-12-01,Good too\n"
    )
    code, out, err = run("import_contracts", tmp_path, text, capsys)
    assert code == 1
    lines = err.strip().splitlines()
    assert lines[0].startswith("line 3: value: '12abc' is not an amount in dollars")
    assert lines[1].startswith("line 4: start_date: '2024/01/01' is not a date written YYYY-MM-DD")
    assert lines[2] == "line 6: end_date: 2024-05-31 is before the start date 2024-06-01"
    assert lines[3].startswith("line 7: ")
    assert "contract_number: is required" in lines[3] and "contractor: is required" in lines[3]
    assert lines[4].startswith("line 8: ")
    assert "value:" in lines[4] and "start_date:" in lines[4] and "signed_date:" in lines[4]
    assert lines[5].startswith("line 9: value:")
    assert len(lines) == 6
    assert "2 created, 0 updated, 0 unchanged, 6 rejected" in out
    assert set(Contract.objects.values_list("number", flat=True)) == {"C-1", "C-7"}


def test_a_file_without_the_header_columns_is_refused(tmp_path, capsys):
    code, out, err = run("import_contracts", tmp_path, "number,value\nC-1,5\n", capsys)
    assert code == 1
    assert "missing column(s): contract_number, contractor" in out
    assert not Contract.objects.exists()


def test_a_missing_file_is_an_error(capsys):
    with pytest.raises(CommandError, match="no such file"):
        call_command("import_contracts", "/nonexistent/contracts.csv")


# import_opportunities


def test_import_opportunities_records_rows_and_a_reimport_does_not_count_twice(tmp_path, capsys):
    contract = ContractFactory(contractor=OrganizationFactory(name="Cascade Health Partners"))
    text = (
        OPPORTUNITIES
        + "cascade health partners ,2024-02-01,Job Shadow,Grant HS,12,Hospital shadow day\n"
        + "Cascade Health Partners,2024-03-01,career presentations (panels & speakers),,,\n"
    )
    code, out, _ = run("import_opportunities", tmp_path, text, capsys)
    assert code == 0
    assert "2 created" in out
    code, out, _ = run("import_opportunities", tmp_path, text, capsys)
    assert code == 0
    assert "0 created, 0 updated, 2 unchanged" in out
    assert Opportunity.objects.count() == 2
    year = contract_evaluate(contract, as_of=date(2025, 1, 1)).years[0]
    assert year.opportunities_delivered == 2
    assert year.status == YearStatus.MET
    shadow = Opportunity.objects.get(note="Hospital shadow day")
    assert (shadow.school.short_name, shadow.students, shadow.source) == ("Grant HS", 12, "import")
    changed = text.replace("Grant HS,12", "Grant HS,15")
    code, out, _ = run("import_opportunities", tmp_path, changed, capsys)
    assert "0 created, 1 updated, 1 unchanged" in out
    assert Opportunity.objects.count() == 2


def test_bad_opportunity_rows_are_reported(tmp_path, capsys):
    OrganizationFactory(name="Acme")
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    today = timezone.localdate().isoformat()
    text = (
        OPPORTUNITIES
        + "Nobody Inc,2024-02-01,Job Shadow,,,\n"
        + f"Acme,{tomorrow},Job Shadow,,,Tomorrow\n"
        + "Acme,2024-02-01,Underwater welding,,,\n"
        + "Acme,2024-02-01,Job Shadow,Hogwarts,,\n"
        + "Acme,2024-02-01,Job Shadow,,many,\n"
        + f"Acme,{today},Job Shadow,,,Today is fine\n"
    )
    code, out, err = run("import_opportunities", tmp_path, text, capsys)
    assert code == 1
    assert err.strip().splitlines() == [
        "line 2: organization: no organization named 'Nobody Inc'",
        f"line 3: date: {tomorrow} is in the future",
        "line 4: experience: unknown experience 'Underwater welding'",
        "line 5: school: unknown school 'Hogwarts'",
        "line 6: students: 'many' is not a whole number",
    ]
    assert "1 created, 0 updated, 0 unchanged, 5 rejected" in out
    assert list(Opportunity.objects.values_list("note", flat=True)) == ["Today is fine"]


# import_expo_registrations


def test_import_registrations_creates_a_missing_edition_and_is_idempotent(tmp_path, capsys):
    OrganizationFactory(name="Acme")
    OrganizationFactory(name="Globex")
    text = REGISTRATIONS + "acme,2025-03-12,Exhibitor,\n"
    code, out, _ = run("import_expo_registrations", tmp_path, text, capsys)
    assert code == 0
    edition = ExpoEdition.objects.get()
    assert (edition.year, edition.date) == (2025, date(2025, 3, 12))
    SponsorLevelFactory(edition=edition, name="Gold Sponsor", exhibitor_equivalent=True)
    text += "GLOBEX,2025-03-12,sponsor,gold sponsor\n"
    code, out, _ = run("import_expo_registrations", tmp_path, text, capsys)
    assert code == 0
    assert "1 created, 0 updated, 1 unchanged" in out
    assert Registration.objects.count() == 2
    globex = Registration.objects.get(organization__name="Globex")
    assert (globex.kind, globex.sponsor_level.name, globex.source) == (
        "sponsor",
        "Gold Sponsor",
        "import",
    )
    code, out, _ = run(
        "import_expo_registrations",
        tmp_path,
        REGISTRATIONS + "Acme,2025-03-12,sponsor,Gold Sponsor\n",
        capsys,
    )
    assert "1 updated" in out
    assert Registration.objects.get(organization__name="Acme").kind == "sponsor"


def test_bad_registration_rows_are_reported(tmp_path, capsys):
    OrganizationFactory(name="Acme")
    ExpoEditionFactory(date=date(2025, 3, 12))
    text = (
        REGISTRATIONS
        + "Nobody,2025-03-12,exhibitor,\n"
        + "Acme,2025-03-13,exhibitor,\n"
        + "Acme,2025-03-12,visitor,\n"
        + "Acme,2025-03-12,sponsor,\n"
        + "Acme,2025-03-12,sponsor,Platinum\n"
        + "Acme,2025-03-12,exhibitor,Gold\n"
        + "Acme,12/03/2025,exhibitor,\n"
    )
    code, _, err = run("import_expo_registrations", tmp_path, text, capsys)
    assert code == 1
    assert err.strip().splitlines() == [
        "line 2: organization: no organization named 'Nobody'",
        "line 3: expo_date: the Expo 2025 is dated 2025-03-12, not 2025-03-13",
        "line 4: kind: 'visitor' is not exhibitor or sponsor",
        "line 5: sponsor_level: is required for a sponsor",
        "line 6: sponsor_level: the Expo 2025 has no sponsor level 'Platinum'",
        "line 7: sponsor_level: must be empty for an exhibitor",
        "line 8: expo_date: '12/03/2025' is not a date written YYYY-MM-DD",
    ]
    assert not Registration.objects.exists()
    assert ExpoEdition.objects.count() == 1


def test_an_import_never_overbooks_the_booths(tmp_path, capsys):
    ExpoEditionFactory(date=date(2025, 3, 12), booth_capacity=1)
    for name in ("Acme", "Globex"):
        OrganizationFactory(name=name)
    text = REGISTRATIONS + "Acme,2025-03-12,exhibitor,\nGlobex,2025-03-12,exhibitor,\n"
    code, _, err = run("import_expo_registrations", tmp_path, text, capsys)
    assert code == 1
    assert (
        err.strip()
        == "line 3: kind: No exhibitor booth is left at the Expo 2025; register as a sponsor."
    )
    assert Registration.objects.count() == 1
