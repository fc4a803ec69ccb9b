"""A partner's personal data across the product: the page where they see what is kept and for
how long, the download of everything held about them (account, profile and answers,
organization, engagements, offers, emails sent), and closing their account. An app of its
own because that data spans partners, requests_app and the outbox, and partners (below
requests_app) must not reach into engagements to delete or export them."""
