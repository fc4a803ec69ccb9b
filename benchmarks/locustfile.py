"""Load test of Partner Connect: newcomers fill the intake survey, Career Coordinators rank
candidates and search the partner directory, procurement reads the compliance report.

bin/loadtest runs it against gunicorn on loopback with production settings and a seeded
database. By hand, against a server started the same way:

    .venv/bin/locust -f benchmarks/locustfile.py --headless -u 50 -r 50 -t 60s \
        -H http://127.0.0.1:8000

Every page kind is its own row in locust's statistics (PAGES below). A request fails unless it
answers the expected status (200, or the 302 a successful form post redirects with; redirects
are never followed, so a page that bounces to the sign-in page fails) and shows what the page is
for. At the end a summary prints each page's median and 95th percentile against the target.

The client plays the TLS-terminating proxy production runs behind (README "Deploy it"): it
speaks plain HTTP to gunicorn on loopback but says `X-Forwarded-Proto: https`, sends the
browser's `Origin` on posts and returns the `Secure` session and CSRF cookies, so the
production settings run unchanged (HTTPS redirect, secure cookies, CSRF origin checks). Each
virtual user connects from its own loopback address (127.1.x.y), as distinct people would, so
allauth's per-address sign-in rate limits apply to each one as they would in production.

Environment (defaults are the accounts `manage.py seed_volume` creates):
    LOADTEST_PASSWORD       the staff accounts' password (volume-password-2026)
    LOADTEST_COORDINATORS   comma-separated coordinator emails
                            (volume-coordinator-1@example.org … volume-coordinator-5@example.org)
    LOADTEST_PROCUREMENT    comma-separated procurement emails (volume-procurement@example.org)
    LOADTEST_P95_TARGET_MS  the 95th percentile every page should stay under (1000)
    LOADTEST_TIMEOUT        seconds before a request counts as failed, as the proxy would
                            answer 504 (60, nginx's default proxy_read_timeout)
    LOADTEST_SOURCE_ADDRESSES  1 (default) gives each user its own 127.1.x.y; 0 uses the default
"""

import ipaddress
import itertools
import os
import random
import re
import secrets
from html.parser import HTMLParser
from urllib.parse import urlsplit

from locust import HttpUser, constant, events, task
from locust.exception import StopUser
from requests import Response
from urllib3 import PoolManager

PASSWORD = os.environ.get("LOADTEST_PASSWORD", "volume-password-2026")
COORDINATORS = os.environ.get(
    "LOADTEST_COORDINATORS",
    ",".join(f"volume-coordinator-{n}@example.org" for n in range(1, 6)),
).split(",")
PROCUREMENT = os.environ.get("LOADTEST_PROCUREMENT", "volume-procurement@example.org").split(",")
P95_TARGET_MS = int(os.environ.get("LOADTEST_P95_TARGET_MS", "1000"))
TIMEOUT = float(os.environ.get("LOADTEST_TIMEOUT", "60"))
SOURCE_ADDRESSES = os.environ.get("LOADTEST_SOURCE_ADDRESSES", "1") == "1"

SURVEY_URL = "/partners/survey/"
THANKS_URL = "/partners/survey/thanks/"
SURVEY_STEPS = [
    "profile",
    "certifications",
    "awareness",
    "exploration",
    "preparation",
    "contributions",
    "pathways",
    "final",
]


# The rows of locust's statistics: one per page kind.
class Page:
    SIGN_IN_FORM = "sign in: form"
    SIGN_IN = "sign in: submit"
    SURVEY_START = "survey: open (step 1)"
    SURVEY_STEP = [
        f"survey: post step {number} {step}" for number, step in enumerate(SURVEY_STEPS, 1)
    ]
    SURVEY_THANKS = "survey: thanks"
    REQUESTS = "coordinator: requests"
    CANDIDATES = "coordinator: candidates"
    DIRECTORY_FILTERS = "coordinator: directory (filters)"
    DIRECTORY_SEARCH = "coordinator: directory (q=)"
    DIRECTORY_NEAR = "coordinator: directory (near school, 25 mi)"
    REPORT = "procurement: compliance report"
    REPORT_CSV = "procurement: compliance report CSV"


PAGES = [
    Page.SIGN_IN_FORM,
    Page.SIGN_IN,
    Page.SURVEY_START,
    *Page.SURVEY_STEP,
    Page.SURVEY_THANKS,
    Page.REQUESTS,
    Page.CANDIDATES,
    Page.DIRECTORY_FILTERS,
    Page.DIRECTORY_SEARCH,
    Page.DIRECTORY_NEAR,
    Page.REPORT,
    Page.REPORT_CSV,
]

ZIP_CODES = ["97201", "97202", "97205", "97209", "97211", "97212", "97214", "97217", "97220"]
SKILLS = ["nursing", "welding", "UX design", "accounting", "robotics", "carpentry", "biology"]
LANGUAGES = ["", "", "Spanish", "Vietnamese", "Russian", "Somali"]
SEARCH_WORDS = ["nurs", "weld", "design", "engineer", "teacher", "robot", "health", "smith"]
OPEN_REQUEST_LINK = re.compile(r'href="/requests/(\d+)/"')
FORM_ERROR = re.compile(
    r'class="[^"]*(?:invalid-feedback|alert-danger)[^"]*"[^>]*>(.*?)</(?:div|p|span)>', re.S
)
TAG = re.compile(r"<[^>]+>")


class FormPage(HTMLParser):
    """What the load test reads from a page: its inputs (with their labels) and selects,
    outside the header's language switcher (a form of its own)."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.inputs: list[dict] = []
        self.selects: dict[str, list[str]] = {}
        self.labels: dict[str, str] = {}
        self._select: str | None = None
        self._label_for: str | None = None
        self._label_text: list[str] = []
        self._in_switcher = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attributes = {key: value or "" for key, value in attrs}
        if tag == "form" and attributes.get("action", "").rstrip("/").endswith("/language"):
            self._in_switcher = True
        if self._in_switcher:
            return
        if tag == "input":
            self.inputs.append(attributes)
        elif tag == "select":
            self._select = attributes.get("name", "")
            self.selects[self._select] = []
        elif tag == "option" and self._select is not None:
            self.selects[self._select].append(attributes.get("value", ""))
        elif tag == "label" and attributes.get("for"):
            self._label_for, self._label_text = attributes["for"], []

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_switcher = False
        if self._in_switcher:
            return
        if tag == "select":
            self._select = None
        elif tag == "label" and self._label_for:
            self.labels[self._label_for] = " ".join("".join(self._label_text).split())
            self._label_for = None

    def handle_data(self, data):
        if self._label_for:
            self._label_text.append(data)

    def hidden(self) -> dict[str, str]:
        """The hidden inputs: the CSRF token and the wizard's management field."""
        return {i["name"]: i.get("value", "") for i in self.inputs if i.get("type") == "hidden"}

    def choices(self, name: str) -> list[tuple[str, str]]:
        """(value, label) of the checkboxes or radio buttons named `name`."""
        return [
            (i.get("value", ""), self.labels.get(i.get("id", ""), ""))
            for i in self.inputs
            if i.get("name") == name and i.get("type") in {"checkbox", "radio"}
        ]

    def options(self, name: str) -> list[str]:
        """The non-empty option values of the select named `name`."""
        return [value for value in self.selects.get(name, []) if value]


def _labelled(choices: list[tuple[str, str]], prefix: str) -> str:
    """The value of the first choice whose label starts with `prefix`, else the first one."""
    return next((value for value, label in choices if label.startswith(prefix)), choices[0][0])


def _some(choices: list[tuple[str, str]], low: int, high: int, avoid: str = "") -> list[str]:
    values = [value for value, label in choices if not (avoid and label.startswith(avoid))]
    return random.sample(values, min(len(values), random.randint(low, high)))


def survey_answers(step: str, form: FormPage) -> dict:
    """A newcomer's valid answers to `step` of the survey shown in `form`, with a fresh email
    and password."""

    def field(name):
        return f"{step}-{name}"

    if step == "profile":
        answers = {
            "first_name": random.choice(["Ana", "Lee", "Maria", "Sam", "Tran", "Ayan"]),
            "last_name": f"Load{secrets.token_hex(3)}",
            "email": f"loadtest-{secrets.token_hex(8)}@example.org",
            "phone": "503-555-0100",
            "job_title": "Engineer",
            "organization_name": "",
            "organization_type_detail": "",
            "zip_code": random.choice(ZIP_CODES),
        }
        roles = form.choices(field("roles"))
        if random.random() < 0.5:
            answers["roles"] = [_labelled(roles, "Parent")]
        else:  # a Business/Industry Partner names its organization and its type
            answers["roles"] = [_labelled(roles, "Business/Industry")]
            answers["organization_name"] = f"Load Test Works {random.randint(1, 300)}"
            answers["organization_type"] = _labelled(
                form.choices(field("organization_type")), "Business/Industry"
            )
    elif step == "certifications":
        answers = {"certifications": [_labelled(form.choices(field("certifications")), "N/A")]}
    elif step in {"awareness", "preparation", "contributions"}:
        name = "contributions" if step == "contributions" else "experiences"
        answers = {name: _some(form.choices(field(name)), 0, 2)}
    elif step == "exploration":  # at least one experience: steps 3 to 6 need one choice
        answers = {"experiences": _some(form.choices(field("experiences")), 1, 2)}
    elif step == "pathways":
        answers = {
            "pathways": _some(form.choices(field("pathways")), 1, 1, avoid="No Preference"),
            "skills": ", ".join(random.sample(SKILLS, 2)),
            "languages": random.choice(LANGUAGES),
        }
    else:  # final: how they meet students, and the new account's password
        password = secrets.token_urlsafe(16)
        answers = {
            "delivery": random.choice([value for value, _ in form.choices(field("delivery"))]),
            "travel_miles": random.choice([v for v in form.options(field("travel_miles")) if v]),
            "availability": _some(form.choices(field("availability")), 0, 2),
            "password1": password,
            "password2": password,
        }
    return {field(name): value for name, value in answers.items()}


def survey_current_step(form: "FormPage") -> str:
    """The step the survey shows: certifications are skipped without an organization."""
    return form.hidden()["survey_wizard-current_step"]


def open_request_ids(html: str) -> list[str]:
    """The ids of the requests listed under "Open" on the requests page."""
    start = html.find('id="status-open"')
    if start < 0:
        return []
    return OPEN_REQUEST_LINK.findall(html[start : html.find("</section>", start)])


_source_numbers = itertools.count(1)


class PartnerConnectUser(HttpUser):
    """A browser behind production's TLS proxy: HTTPS as far as Django knows, its own address."""

    abstract = True
    wait_time = constant(0)  # no think time: each user sends its next request at once

    def __init__(self, environment):
        if SOURCE_ADDRESSES:
            number = next(_source_numbers)
            address = str(ipaddress.IPv4Address("127.1.0.0") + number)
            self.pool_manager = PoolManager(source_address=(address, 0))
        super().__init__(environment)
        origin = urlsplit(self.host)
        self.origin = f"https://{origin.netloc}"
        self.client.headers["X-Forwarded-Proto"] = "https"

    def page(self, path: str, name: str, *, expect: str, **kwargs) -> Response | None:
        """GET `path` as the row `name`: the response, or None (a failure) unless it answers
        200 and shows `expect`."""
        return self._call("GET", path, name, status=200, expect=expect, **kwargs)

    def post(
        self, path: str, name: str, data: dict, *, status: int = 302, expect: str = ""
    ) -> Response | None:
        """POST a form as a browser does (with its Origin): the response, or None (a failure)
        unless it answers `status` and shows `expect` (for a redirect: goes to `expect`)."""
        headers = {"Origin": self.origin, "Referer": self.origin + path}
        return self._call(
            "POST", path, name, status=status, expect=expect, data=data, headers=headers
        )

    def _call(self, method, path, name, *, status, expect, **kwargs) -> Response | None:
        with self.client.request(
            method,
            path,
            name=name,
            catch_response=True,
            allow_redirects=False,
            timeout=TIMEOUT,
            **kwargs,
        ) as response:
            problem = ""
            if response.status_code == 0:  # no answer: refused, reset, or timed out
                problem = f"no answer: {response.error}"
            elif response.status_code != status:
                where = response.headers.get("Location", "")
                errors = "; ".join(
                    " ".join(TAG.sub(" ", error).split())
                    for error in FORM_ERROR.findall(response.text or "")
                )[:300]
                problem = (
                    f"{response.status_code}, expected {status}"
                    + (f" (to {where})" if where else "")
                    + (f": {errors}" if errors else "")
                )
            elif status == 302 and response.headers["Location"] != expect:
                problem = f"redirects to {response.headers['Location']}, expected {expect}"
            elif status != 302 and expect not in response.text:
                problem = f"the page does not show {expect!r}"
            if problem:
                response.failure(f"{method} {path}: {problem}")
        # The browser holds its Secure cookies over HTTPS; the hop the client plays is plain
        # HTTP, on which requests would not send them back: unmark them once stored.
        for cookie in self.client.cookies:
            cookie.secure = False
        return None if problem else response

    def sign_in(self, email: str, *, lands_on: str) -> None:
        """Sign in with allauth's form, landing on `lands_on`; a user who cannot sign in stops
        (counted as failed)."""
        form = self.page("/accounts/login/", Page.SIGN_IN_FORM, expect="Sign In")
        if form is not None:
            data = {**FormPage(form.text).hidden(), "login": email, "password": PASSWORD}
            if self.post("/accounts/login/", Page.SIGN_IN, data, expect=lands_on) is not None:
                return
        raise StopUser(f"{email} could not sign in")


class SurveyNewcomer(PartnerConnectUser):
    """Someone new fills the 8 steps of the intake survey; the last one makes their account."""

    weight = 3

    @task
    def fill_the_survey(self) -> None:
        self.client.cookies.clear()  # a new visitor each time: a fresh session and email
        response = self.page(SURVEY_URL, Page.SURVEY_START, expect="Step 1 of 8")
        for number in range(1, len(SURVEY_STEPS) + 1):
            if response is None:
                return  # counted as a failure; this visitor gives up
            form = FormPage(response.text)
            step = survey_current_step(form)  # a parent without an organization skips one
            data = {**form.hidden(), **survey_answers(step, form)}
            name = Page.SURVEY_STEP[SURVEY_STEPS.index(step)]
            if step != SURVEY_STEPS[-1]:
                expect = f"Step {number + 1} of "
                response = self.post(SURVEY_URL, name, data, status=200, expect=expect)
            else:  # the last step makes the account and redirects to the thank-you page
                response = self.post(SURVEY_URL, name, data, expect=THANKS_URL)
                break
        if response is not None:
            self.page(THANKS_URL, Page.SURVEY_THANKS, expect="PC-")


class Coordinator(PartnerConnectUser):
    """A Career Coordinator: their requests, a request's ranked candidates, the directory."""

    weight = 6
    _accounts = itertools.cycle(COORDINATORS)

    def on_start(self) -> None:
        self.sign_in(next(self._accounts), lands_on="/requests/")
        self.open_request_ids: list[str] = []
        self.my_requests()
        page = self.page("/requests/directory/", Page.DIRECTORY_FILTERS, expect="found")
        form = FormPage(page.text if page is not None else "")
        self.filters = {
            name: form.options(name)
            for name in ("pathway", "experience", "tier", "certification", "organization_type")
        }
        self.schools = form.options("near_school")

    @task(2)
    def my_requests(self) -> None:
        response = self.page("/requests/", Page.REQUESTS, expect='id="status-open"')
        if response is not None:
            self.open_request_ids = open_request_ids(response.text)

    @task(4)
    def candidates(self) -> None:
        if self.open_request_ids:
            pk = random.choice(self.open_request_ids)
            self.page(f"/requests/{pk}/candidates/", Page.CANDIDATES, expect="Candidates for")

    @task(2)
    def directory_filtered(self) -> None:
        offered = [name for name, values in self.filters.items() if values]
        chosen = random.sample(offered, min(2, len(offered)))
        params = {name: random.choice(self.filters[name]) for name in chosen}
        params["delivery"] = random.choice(["", "in_person", "virtual"])
        params["page"] = random.choice([1, 1, 2])
        self.page("/requests/directory/", Page.DIRECTORY_FILTERS, expect="found", params=params)

    @task(1)
    def directory_search(self) -> None:
        params = {"q": random.choice(SEARCH_WORDS)}
        self.page("/requests/directory/", Page.DIRECTORY_SEARCH, expect="found", params=params)

    @task(2)
    def directory_near_a_school(self) -> None:
        if self.schools:
            params = {"near_school": random.choice(self.schools), "within": 25}
            self.page("/requests/directory/", Page.DIRECTORY_NEAR, expect="found", params=params)


class Procurement(PartnerConnectUser):
    """Procurement staff: the compliance report and its CSV."""

    weight = 1
    _accounts = itertools.cycle(PROCUREMENT)

    def on_start(self) -> None:
        self.sign_in(next(self._accounts), lands_on="/compliance/")

    @task(3)
    def report(self) -> None:
        self.page("/compliance/report/", Page.REPORT, expect="<h1>Compliance report</h1>")

    @task(1)
    def report_csv(self) -> None:
        self.page("/compliance/report/download/", Page.REPORT_CSV, expect="contract_number,")


@events.quitting.add_listener
def _fail_on_any_failure(environment, **kwargs) -> None:
    """Exit non-zero when any request failed, whatever locust's other settings."""
    if environment.stats.total.num_failures:
        environment.process_exit_code = 1


_ENVIRONMENT: dict = {}


@events.init.add_listener
def _remember_environment(environment, **kwargs) -> None:
    _ENVIRONMENT["environment"] = environment


@events.quit.add_listener
def _print_summary(exit_code, **kwargs) -> None:
    """After locust's own tables: each page's median and p95 against the target."""
    stats = _ENVIRONMENT["environment"].stats
    order = {name: position for position, name in enumerate(PAGES)}
    rows = sorted(stats.entries.values(), key=lambda entry: order.get(entry.name, len(order)))
    width = max(len(name) for name in [*PAGES, *(entry.name for entry in rows)])
    print(f"\nPer page (target: no failure, p95 under {P95_TARGET_MS} ms)")
    print(
        f"{'page':<{width}} {'requests':>8} {'failed':>6} {'median':>7} {'p95':>7} "
        f"{'max':>7} {'req/s':>6}  verdict"
    )
    for entry in [*rows, stats.total]:
        p95 = entry.get_response_time_percentile(0.95) if entry.num_requests else 0
        if entry is stats.total:
            verdict = ""
        elif entry.num_failures:
            verdict = "FAILED"
        elif p95 >= P95_TARGET_MS:
            verdict = "SLOW: p95 over target"
        else:
            verdict = "ok"
        print(
            f"{entry.name:<{width}} {entry.num_requests:>8} {entry.num_failures:>6} "
            f"{round(entry.median_response_time):>5}ms {p95:>5}ms {round(entry.max_response_time):>5}ms "
            f"{entry.total_rps:>6.1f}  {verdict}"
        )
    missing = [name for name in PAGES if name not in {entry.name for entry in rows}]
    if missing:
        print("no answer recorded for: " + ", ".join(missing))
