"""Accounts: the custom user (email is the sign-in name), the four roles and role checks.

A separate app because every other app depends on who the user is and what role they hold,
and none of the product apps owns that.
"""
