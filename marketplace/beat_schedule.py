"""Celery beat's periodic tasks, all in one place, each with when and why. Times are the town's
(Europe/Paris, CELERY_TIMEZONE), so 7:00 stays 7:00 across the clock changes."""

from celery.schedules import crontab

BEAT_SCHEDULE = {
    # Every minute: re-queue outbox messages whose first queueing was lost (broker down, worker killed).
    "outbox-sweep": {"task": "orders.tasks.outbox_sweep_task", "schedule": 60.0},
    # Every five minutes: reminders that fell due, merchants' unaccepted orders, automatic cancellations.
    "orders-housekeeping": {"task": "orders.tasks.housekeeping_task", "schedule": 300.0},
    # 7:00 Paris wall-clock time, every day (CELERY_TIMEZONE keeps it at 7:00 across DST): each shop's
    # digest of the day's pickups and deliveries, before it opens. Once per shop and day (outbox key).
    "orders-merchant-digest": {"task": "orders.tasks.digest_task", "schedule": crontab(hour=7, minute=0)},
    # Every minute: cancel card checkouts left unpaid past PAYMENT_HOLD_MINUTES, freeing stock and slots.
    "payments-expire": {"task": "payments.tasks.payments_expire_unpaid_task", "schedule": 60.0},
    # Every minute: Stripe events stored while the broker was down are processed (a paid order shows).
    "payments-webhook-sweep": {"task": "payments.tasks.webhook_events_sweep_task", "schedule": 60.0},
    # Every five minutes: refunds, payouts and reversals owed whose task was lost (broker down when
    # queued after commit); done through the same idempotency keys, so never twice.
    "payments-catch-up": {"task": "payments.tasks.payments_catch_up_task", "schedule": 300.0},
    # Every ten minutes: orders that ended since are added to their shop's day, so the oversight
    # dashboard reads a year of shop days rather than a year of orders (oversight/rollup.py).
    "oversight-shop-days": {"task": "oversight.tasks.shop_days_catch_up_task", "schedule": 600.0},
    # 3:30 every night, a quiet hour: guest checkouts whose last order is older than the town's retention
    # period (PRIVACY_GUEST_RETENTION_DAYS) lose their names, email, phone and addresses (RGPD).
    "privacy-anonymise-guests": {
        "task": "privacy.tasks.guests_anonymise_task",
        "schedule": crontab(hour=3, minute=30),
    },
    # Every ten minutes: remind those signed up to a workshop starting within 24 hours (once each,
    # outbox key), so a workshop published or joined late still gets its reminder.
    # Mondays 8:00: each resident's weekly digest of the shops and markets they follow (once per
    # resident and day, outbox key; nothing sent to those with nothing new).
    "follows-weekly-digest": {
        "task": "follows.tasks.digests_queue_task",
        "schedule": crontab(day_of_week="monday", hour=8, minute=0),
    },
    # 7:30 every day: each merchant hears of the other merchants' posts of the day before in the
    # merchants' space (once per shop and day, outbox key; nothing when nobody posted).
    "community-digest": {
        "task": "community.tasks.community_digests_queue_task",
        "schedule": crontab(hour=7, minute=30),
    },
    # Every hour: photos kept across a product form's error (shops.photos.pending_*) whose form was
    # given up more than a day ago are removed, so the storage does not fill with them.
    "shops-pending-photos-sweep": {"task": "shops.tasks.pending_photos_sweep_task", "schedule": 3600.0},
    # Every five minutes: product pages answered from the page cache, counted in the cache, are added
    # to Oscar's product analytics (catalogue/views_count.py), as the pages drawn are at once.
    "catalogue-views-flush": {"task": "catalogue.tasks.product_views_flush_task", "schedule": 300.0},
    "workshops-reminders": {"task": "workshops.tasks.workshop_reminders_queue_task", "schedule": 600.0},
}
