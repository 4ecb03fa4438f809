"""``manage.py tracking_reminders [--body AGS] [--today YYYY-MM-DD] [--dry-run] [--base-url URL]``

Two kinds of e-mail, for every body with an edition in force (or the one with ``--body``):

* one digest per responsible actor listing its stale measures (no accepted report within the
  measure's update interval), to the actor's contact persons, or else to the address the
  coordinator entered for the actor's most recent survey link;
* a reminder of the Fortschreibung to the body's coordinators when the edition in force's
  ``review_due`` lies within 180 days or has passed.

Safe to run from cron (e.g. weekly: ``0 7 * * 1``): every reminder sent is written to the
audit log (agent ``tracking_reminders``, with the reminder's date), and a reminder already
recorded for the same recipient and date is not sent again, so a second run on the same day
sends nothing. ``--dry-run`` prints what would be sent and records nothing.
"""

from __future__ import annotations

import datetime
import smtplib
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from teilhabe.concepts.models import Actor, Edition
from teilhabe.concepts.selectors import edition_in_force
from teilhabe.core.models import AuditEntry, Body, Membership, Role
from teilhabe.core.services import audit_record
from teilhabe.tracking.models import SurveyLink
from teilhabe.tracking.selectors import MeasureState, measure_states
from teilhabe.tracking.surveys import contact_emails

AGENT = "tracking_reminders"
REVIEW_WINDOW_DAYS = 180


def _date(value: datetime.date) -> str:
    return formats.date_format(value, "d.m.Y")


def actor_addresses(actor: Actor) -> list[str]:
    """The contact persons' addresses, else the address of the actor's latest survey link."""
    found = contact_emails(actor)
    if found:
        return found
    link = (
        SurveyLink.objects.filter(actor=actor).exclude(email="").order_by("-created", "-id").first()
    )
    return [link.email] if link else []


def coordinator_addresses(body: Body) -> list[str]:
    memberships = Membership.objects.filter(
        body=body, role=Role.COORDINATOR, user__is_active=True
    ).select_related("user")
    return sorted({m.user.email for m in memberships if m.user.email})


def already_sent(obj: Any, kind: str, today: datetime.date) -> bool:
    return AuditEntry.objects.filter(
        agent=AGENT, object_id=obj.public_id, **{f"changes__{kind}__1": today.isoformat()}
    ).exists()


@dataclass
class Outcome:
    lines: list[str]
    sent: int = 0


class Command(BaseCommand):
    help = (
        "Send the reminder digests: stale measures to their responsible actors, and the "
        "Fortschreibung reminder to the coordinators when review_due is within 180 days. "
        "At most once per recipient and day."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--body", metavar="AGS", help="only the body of this AGS")
        parser.add_argument("--today", metavar="YYYY-MM-DD", help="the date to judge staleness")
        parser.add_argument("--dry-run", action="store_true", help="print, send nothing")
        parser.add_argument(
            "--base-url",
            default="",
            help="address of the installation, e.g. https://teilhabe.example.org (for links)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            today = (
                datetime.date.fromisoformat(options["today"])
                if options["today"]
                else timezone.localdate()
            )
        except ValueError as exc:
            raise CommandError(
                _("--today “%(value)s” is not a date of the form 2025-03-31.")
                % {"value": options["today"]}
            ) from exc
        bodies = Body.objects.select_related("territory").order_by("name")
        if options["body"]:
            bodies = bodies.filter(territory__ags=options["body"])
            if not bodies.exists():
                raise CommandError(_("No body with the AGS %(ags)s.") % {"ags": options["body"]})
        dry_run: bool = options["dry_run"]
        base_url: str = options["base_url"].rstrip("/")
        total = 0
        for body in bodies:
            edition = edition_in_force(body=body)
            if edition is None:
                continue
            outcome = Outcome(lines=[])
            self.actor_digests(body, edition, today, dry_run, base_url, outcome)
            self.review_reminder(body, edition, today, dry_run, base_url, outcome)
            total += outcome.sent
            self.stdout.write(f"{body.name} ({body.ags}):")
            for line in outcome.lines or [_("nothing to remind")]:
                self.stdout.write(f"  {line}")
        verb = _("would be sent") if dry_run else _("sent")
        self.stdout.write(_("%(n)d e-mails %(verb)s.") % {"n": total, "verb": verb})

    def send(self, subject: str, text: str, to: list[str], who: str, outcome: Outcome) -> bool:
        try:
            EmailMessage(subject=subject, body=text, to=to).send()
        except (OSError, smtplib.SMTPException) as exc:
            outcome.lines.append(
                _("%(who)s: the e-mail to %(to)s could not be sent (%(reason)s)")
                % {"who": who, "to": ", ".join(to), "reason": exc}
            )
            return False
        return True

    def measure_url(self, body: Body, state: MeasureState, base_url: str) -> str:
        if not base_url:
            return ""
        path = reverse(
            "concepts:measure_detail", kwargs={"body": body.slug, "item": state.measure.public_id}
        )
        return base_url + path

    def actor_digests(
        self,
        body: Body,
        edition: Edition,
        today: datetime.date,
        dry_run: bool,
        base_url: str,
        outcome: Outcome,
    ) -> None:
        by_actor: dict[int, list[MeasureState]] = defaultdict(list)
        actors: dict[int, Actor] = {}
        orphans = 0
        for state in measure_states(edition, today=today).values():
            if not state.stale:
                continue
            actor = state.measure.lead_actor
            if actor is None:
                orphans += 1
                continue
            actors[actor.pk] = actor
            by_actor[actor.pk].append(state)
        for actor_pk, states in sorted(by_actor.items(), key=lambda kv: actors[kv[0]].name):
            actor = actors[actor_pk]
            count = len(states)
            to = actor_addresses(actor)
            if not to:
                outcome.lines.append(
                    _("%(actor)s: %(n)d stale measures, but no e-mail address")
                    % {"actor": actor.name, "n": count}
                )
                continue
            if already_sent(actor, "reminder", today):
                outcome.lines.append(
                    _("%(actor)s: already reminded on %(date)s")
                    % {"actor": actor.name, "date": _date(today)}
                )
                continue
            if not dry_run:
                with translation.override(settings.LANGUAGE_CODE):
                    subject = _("Please report: %(n)d measures without a current status") % {
                        "n": count
                    }
                    lines = [
                        _("Dear colleagues of %(actor)s,") % {"actor": actor.name},
                        "",
                        _(
                            "the integration coordination office of %(body)s has no current "
                            "status for these measures your organisation leads:"
                        )
                        % {"body": body.name},
                        "",
                    ]
                    for state in sorted(states, key=lambda s: s.measure.title):
                        since = (
                            _("last report %(date)s") % {"date": _date(state.last_report)}
                            if state.last_report
                            else _("no report yet")
                        )
                        url = self.measure_url(body, state, base_url)
                        lines.append(
                            f"- {state.measure.title} ({since})" + (f"\n  {url}" if url else "")
                        )
                    lines += [
                        "",
                        _(
                            "Please send the current status to the coordination office, or "
                            "answer the measure survey when it reaches you."
                        ),
                    ]
                    text = "\n".join(lines) + "\n"
                if not self.send(subject, text, to, actor.name, outcome):
                    continue
                with transaction.atomic():
                    audit_record(
                        user=None,
                        agent=AGENT,
                        body=body,
                        action="update",
                        obj=actor,
                        changes={
                            "reminder": (None, today.isoformat()),
                            "to": (None, ", ".join(to)),
                        },
                    )
            outcome.sent += 1
            outcome.lines.append(
                _("%(actor)s: %(n)d stale measures → %(to)s")
                % {"actor": actor.name, "n": count, "to": ", ".join(to)}
            )
        if orphans:
            outcome.lines.append(
                _("%(n)d stale measures have no lead actor (nobody to remind)") % {"n": orphans}
            )

    def review_reminder(
        self,
        body: Body,
        edition: Edition,
        today: datetime.date,
        dry_run: bool,
        base_url: str,
        outcome: Outcome,
    ) -> None:
        due = edition.review_due
        if due is None or (due - today).days > REVIEW_WINDOW_DAYS:
            return
        days = (due - today).days
        to = coordinator_addresses(body)
        if not to:
            outcome.lines.append(
                _("Fortschreibung due %(date)s, but no coordinator has an e-mail address")
                % {"date": _date(due)}
            )
            return
        if already_sent(edition, "review_reminder", today):
            outcome.lines.append(
                _("Fortschreibung reminder already sent on %(date)s") % {"date": _date(today)}
            )
            return
        if not dry_run:
            with translation.override(settings.LANGUAGE_CODE):
                if days < 0:
                    subject = _("The update of the integration concept is overdue")
                    first = _(
                        "the update (Fortschreibung) of %(edition)s was due on %(date)s, "
                        "%(days)d days ago."
                    ) % {"edition": edition, "date": _date(due), "days": -days}
                else:
                    subject = _("The update of the integration concept is due on %(date)s") % {
                        "date": _date(due)
                    }
                    first = _(
                        "the update (Fortschreibung) of %(edition)s is due on %(date)s, "
                        "in %(days)d days."
                    ) % {"edition": edition, "date": _date(due), "days": days}
                url = ""
                if base_url:
                    url = base_url + reverse("concepts:edition_list", kwargs={"body": body.slug})
                text = (
                    "\n".join(
                        [
                            _("Hello,"),
                            "",
                            first,
                            _(
                                "Plan the participation and the council dates now; a new edition "
                                "starts as a copy of the edition in force."
                            ),
                            url,
                        ]
                    ).rstrip()
                    + "\n"
                )
            if not self.send(subject, text, to, str(edition), outcome):
                return
            with transaction.atomic():
                audit_record(
                    user=None,
                    agent=AGENT,
                    body=body,
                    action="update",
                    obj=edition,
                    changes={
                        "review_reminder": (None, today.isoformat()),
                        "to": (None, ", ".join(to)),
                    },
                )
        outcome.sent += 1
        outcome.lines.append(
            _("Fortschreibung due %(date)s → %(to)s") % {"date": _date(due), "to": ", ".join(to)}
        )
