"""Notifications: the transactional email outbox every app queues its emails through.

A separate app because every product app sends email and none of them owns delivery.
The stored queue and its admin are django-post-office's; this app adds what it lacks:
queueing inside the caller's transaction, a row-locked claim so two workers never send
one email twice, exponential back-off, and a beat sweep for what a lost nudge left behind.
"""
