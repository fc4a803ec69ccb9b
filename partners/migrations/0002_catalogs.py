"""Seed the survey's catalogs with the district's own wording (PPS Partner Connect Guide)."""

from django.db import migrations

ROLES = [
    ("parent", "PPS Parent", "The parent of a student or students", False),
    ("alumni", "PPS Alumni", "Those who have graduated from a PPS school", False),
    (
        "business",
        "Business/Industry Partner",
        "Those working in the business/industry sector, including those who have a contract with PPS",
        True,
    ),
    (
        "community",
        "Community Partner",
        "Community-based programs and organizations providing direct or indirect support to our schools and students",
        False,
    ),
    (
        "post_secondary",
        "Post-Secondary Education Partner",
        "Apprentice and trade organizations, community colleges, other higher-ed institutions",
        False,
    ),
    (
        "volunteer",
        "Volunteer",
        "Those who wish to volunteer or are currently volunteering with PPS",
        False,
    ),
]
ORGANIZATION_TYPES = [
    ("business", "Business/Industry", False),
    ("post_secondary", "Post-Secondary", False),
    ("non_profit", "Non-Profit", False),
    ("government", "Government", False),
    ("community_based", "Community Based Organization", False),
    ("business_association", "Business Association", False),
    ("other", "Other", True),
]
CERTIFICATIONS = [
    ("mbe", "MBE", "Minority Business Enterprise", False),
    ("wbe", "WBE", "Women Business Enterprise", False),
    ("esb", "ESB", "Emerging Small Business", False),
    ("sdvbe", "SDVBE", "Service-Disabled Veteran Business Enterprise", False),
    ("dbe", "DBE", "Disadvantaged Business Enterprise", False),
    ("na", "N/A", "Not Applicable", True),
]
TIERS = [
    (
        "awareness",
        "Career Awareness",
        "primarily grades 7-9",
        "Career Awareness activities are designed to help students develop basic awareness of jobs and careers by interacting with CTE professionals. These experiences also help students understand the education and skill requirements for success in various fields.",
    ),
    (
        "exploration",
        "Career Exploration",
        "primarily grades 9-11",
        "Career Exploration activities provide students with more in-depth opportunities to learn about jobs and careers in specific fields. Students interact with working professionals in the work environment; in some cases, students actually get to experience the rhythms and requirements of the modern workplace.",
    ),
    (
        "preparation",
        "Career Preparation",
        "primarily grades 11-12",
        "Career Preparation experiences support college and career readiness and include extended direct interaction with professionals from industry and the community. These experiences are designed to give students supervised practical application of skills and knowledge.",
    ),
]
EXPERIENCES = [
    ("awareness", "career_fairs", "Career Fairs", "e.g., Northwest Career Expo"),
    ("awareness", "career_presentations", "Career Presentations", "Panels & Speakers"),
    ("awareness", "worksite_tours", "Worksite & Company Tours", "Career Days"),
    ("awareness", "career_tech_exploration_7", "7th grade Career Tech Exploration", ""),
    ("exploration", "job_shadow", "Job Shadow", ""),
    ("exploration", "informational_interview", "Informational Interview", ""),
    ("exploration", "mock_interview", "Mock Interview", ""),
    ("exploration", "career_preparation_workshop", "Career Preparation Workshop", ""),
    (
        "preparation",
        "extended_learning",
        "Extended Learning Opportunities",
        "i.e., Mentorship, Internship, Externship",
    ),
    (
        "preparation",
        "virtual_extended_learning",
        "Distance/Virtual Extended Learning Opportunities",
        "",
    ),
    ("preparation", "cooperative_worksite_learning", "Cooperative Worksite Learning", ""),
    (
        "preparation",
        "staff_extended_learning",
        "PPS Staff/Teacher Extended Learning Opportunity",
        "",
    ),
    ("preparation", "service_learning", "Service Learning", ""),
    ("preparation", "special_projects", "Special Projects", ""),
]
CONTRIBUTIONS = [
    ("advisory_committee", "Serve on Advisory Committee", ""),
    (
        "equipment_donation",
        "Donation of Technology, Equipment or Other Assets",
        "e.g., computers, welders, robots",
    ),
    ("financial_donation", "Financial Donations", ""),
    ("nw_youth_careers_expo", "Northwest Youth Careers Expo", ""),
    ("volunteer", "Volunteer", "guest speaker, field trips, classroom help"),
    ("volunteer_career_tech_7", "Volunteer - 7th grade Career Tech Exploration", ""),
]
PATHWAYS = [
    (
        "agriculture",
        "Agriculture, Food and Natural Resource Systems",
        "i.e., Natural Resources, Sustainable Agriculture",
        False,
    ),
    (
        "arts_information",
        "Arts, Information and Communications",
        "i.e., Graphic Design, Digital Media, Design & Applied Arts",
        False,
    ),
    (
        "business_management",
        "Business and Management",
        "i.e., Business Management, Culinary/Hospitality, Marketing",
        False,
    ),
    ("health_sciences", "Health Sciences", "i.e., Health Services", False),
    (
        "human_resources",
        "Human Resources",
        "i.e., Education, Govt. & Public Administration, Law, Public Safety & Security",
        False,
    ),
    (
        "industrial_engineering",
        "Industrial and Engineering Systems",
        "i.e., Arch. & Const., Auto/Transportation, Engineering, Manufacturing",
        False,
    ),
    ("no_preference", "No Preference at this time", "", True),
]


def seed(apps, schema_editor):
    model = apps.get_model
    for position, (code, name, help_text, requires) in enumerate(ROLES, 1):
        model("partners", "PartnerRole").objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "help_text": help_text,
                "position": position,
                "requires_organization": requires,
            },
        )
    for position, (code, name, needs_detail) in enumerate(ORGANIZATION_TYPES, 1):
        model("partners", "OrganizationType").objects.update_or_create(
            code=code, defaults={"name": name, "position": position, "needs_detail": needs_detail}
        )
    for position, (code, name, help_text, exclusive) in enumerate(CERTIFICATIONS, 1):
        model("partners", "Certification").objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "help_text": help_text,
                "position": position,
                "is_exclusive": exclusive,
            },
        )
    tiers = {}
    for position, (code, name, grades, description) in enumerate(TIERS, 1):
        tiers[code], _ = model("partners", "Tier").objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "grades": grades,
                "description": description,
                "position": position,
            },
        )
    for position, (tier, code, name, help_text) in enumerate(EXPERIENCES, 1):
        model("partners", "Experience").objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "help_text": help_text,
                "position": position,
                "tier": tiers[tier],
            },
        )
    for position, (code, name, help_text) in enumerate(CONTRIBUTIONS, 1):
        model("partners", "Contribution").objects.update_or_create(
            code=code, defaults={"name": name, "help_text": help_text, "position": position}
        )
    for position, (code, name, help_text, exclusive) in enumerate(PATHWAYS, 1):
        model("partners", "Pathway").objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "help_text": help_text,
                "position": position,
                "is_exclusive": exclusive,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("partners", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
