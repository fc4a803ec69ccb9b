"""Procurement's pages: the dashboard, contracts, hand-recorded opportunities, CSV uploads,
and the compliance report with its CSV download."""

from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from accounts.access import role_required
from accounts.roles import Role
from expo.selectors import expo_booths_taken, expo_current_edition
from expo.views import chosen_edition
from imports.jobs import ImportFileError, import_job_create, import_job_start, importers
from imports.models import ImportJob
from partnerconnect.spreadsheets import csv_response

from .forms import ContractFilter, ContractForm, ImportForm, OpportunityForm, ReportFilterForm
from .models import Contract
from .selectors import (
    REPORT_COLUMNS,
    ComplianceReport,
    ReportFilters,
    compliance_report,
    compliance_summary,
    contract_evaluate,
    contract_evaluations,
    contract_year_details,
    contracts_queryset,
    expo_registrations_owed,
)
from .services import contract_save, opportunity_record

PAGE_SIZE = 50


def _contract_for(request, pk) -> Contract:
    """The contract procurement asked for, or 404."""
    return get_object_or_404(contracts_queryset(), pk=pk)


@role_required(Role.PROCUREMENT)
def home(request):
    today = timezone.localdate()
    edition = expo_current_edition(today=today)
    context = {"summary": compliance_summary(as_of=today), "edition": edition}
    if edition:
        context["booths_taken"] = expo_booths_taken(edition)
        context["expo_owed"] = len(expo_registrations_owed(edition))
    return render(request, "compliance/home.html", context)


@role_required(Role.PROCUREMENT)
def contract_list(request):
    today = timezone.localdate()
    contracts = ContractFilter(
        request.GET, queryset=contracts_queryset().order_by("number"), request=request
    )
    page = Paginator(contracts.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "compliance/contract_list.html",
        {
            "filter": contracts,
            "page": page,
            "evaluations": contract_evaluations(page.object_list, as_of=today),
            "today": today,
        },
    )


@role_required(Role.PROCUREMENT)
def contract_detail(request, pk):
    contract = _contract_for(request, pk)
    evaluation = contract_evaluate(contract, as_of=timezone.localdate())
    return render(
        request,
        "compliance/contract_detail.html",
        {
            "contract": contract,
            "evaluation": evaluation,
            "years": contract_year_details(evaluation),
        },
    )


def _contract_form(request, contract: Contract | None):
    initial = ContractForm.initial_for(contract) if contract else {}
    form = ContractForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            contract, outcome = contract_save(**form.cleaned_data, contract=contract)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Contract {contract.number} {outcome}.")
            return redirect("compliance:contract_detail", contract.pk)
    return render(request, "compliance/contract_form.html", {"form": form, "contract": contract})


@role_required(Role.PROCUREMENT)
def contract_create(request):
    return _contract_form(request, None)


@role_required(Role.PROCUREMENT)
def contract_edit(request, pk):
    return _contract_form(request, _contract_for(request, pk))


@role_required(Role.PROCUREMENT)
def opportunity_create(request):
    initial = {"organization": request.GET.get("organization", "")}
    form = OpportunityForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            opportunity, outcome = opportunity_record(
                organization=data["organization"],
                delivered_on=data["date"],
                experience=data["experience"],
                school=data["school"],
                students=data["students"],
                note=data["note"],
                recorded_by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if outcome == "created":
                messages.success(request, f"Opportunity recorded for {opportunity.organization}.")
            else:
                messages.info(
                    request,
                    f"This opportunity of {opportunity.organization} was already recorded; "
                    "it still counts once.",
                )
            return redirect("compliance:opportunity_create")
    return render(request, "compliance/opportunity_form.html", {"form": form})


@role_required(Role.PROCUREMENT)
def import_upload(request):
    """Upload a CSV file: a small one is imported at once, a large one in the background;
    either way the import's page shows its progress and result."""
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = import_job_create(
                kind=form.cleaned_data["kind"], uploaded=form.cleaned_data["file"], by=request.user
            )
        except ImportFileError as error:
            form.add_error("file", str(error))
        else:
            import_job_start(job=job)
            return redirect("compliance:import_job", job.pk)
    return render(request, "compliance/import.html", {"form": form})


@role_required(Role.PROCUREMENT)
def import_job(request, pk):
    """An import's progress (the page refreshes itself until it has finished) and result."""
    job = get_object_or_404(ImportJob.objects.filter(created_by=request.user), pk=pk)
    return render(
        request,
        "compliance/import_job.html",
        {"job": job, "label": importers()[job.kind].label},
    )


def _report_request(request) -> tuple[ReportFilterForm, date, ComplianceReport]:
    form = ReportFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    filters = ReportFilters(
        status=data.get("status") or "",
        tier=data.get("tier") or "",
        contractor=data.get("contractor") or "",
        year=data.get("year"),
        calendar_year=data.get("calendar_year"),
        at_risk_only=bool(data.get("at_risk")),
    )
    as_of = data.get("as_of") or timezone.localdate()
    return form, as_of, compliance_report(as_of=as_of, filters=filters)


@role_required(Role.PROCUREMENT)
def report(request):
    form, as_of, rows = _report_request(request)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))  # evaluates one page
    return render(
        request,
        "compliance/report.html",
        {
            "form": form,
            "as_of": as_of,
            "page": page,
            "total": len(rows),
            "at_risk": rows.at_risk_count,
            "query": request.GET.urlencode(),
        },
    )


@role_required(Role.PROCUREMENT)
def report_csv(request):
    _, as_of, rows = _report_request(request)
    return csv_response(
        f"compliance-report-{as_of:%Y-%m-%d}.csv", REPORT_COLUMNS, (row.as_list() for row in rows)
    )


# Major contractors still owing an Expo registration


@role_required(Role.PROCUREMENT)
def expo_owed(request):
    form, edition = chosen_edition(request)
    debts = expo_registrations_owed(edition) if edition else []
    return render(
        request, "compliance/expo_owed.html", {"form": form, "edition": edition, "debts": debts}
    )


EXPO_OWED_COLUMNS = [
    "organization",
    "expo_date",
    "contract_number",
    "contract_year",
    "year_start",
    "year_end",
    "contacts",
]


@role_required(Role.PROCUREMENT)
def expo_owed_csv(request):
    _form, edition = chosen_edition(request)
    debts = expo_registrations_owed(edition) if edition else []
    rows = (
        [
            debt.organization.name,
            edition.date.isoformat(),
            contract.number,
            year.number,
            year.start.isoformat(),
            year.end.isoformat(),
            "; ".join(debt.contact_emails),
        ]
        for debt in debts
        for contract, year in debt.contracts
    )
    name = f"expo-{edition.year}-owed.csv" if edition else "expo-owed.csv"
    return csv_response(name, EXPO_OWED_COLUMNS, rows)
