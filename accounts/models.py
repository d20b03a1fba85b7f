"""People and how they are invited.

A user logs in with their e-mail address. Program-wide roles live on the user
(administrator = staff, coach = ``is_coach``); roles inside a practice live on
``practices.Membership``.
"""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone

from accounts.bounded_text import length_checks

PERSON_NAME = 150


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField("e-mail address", unique=True)
    full_name = models.CharField(max_length=PERSON_NAME, blank=True)
    job_title = models.CharField(
        max_length=PERSON_NAME, blank=True, help_text="For example: CFO, operations director."
    )
    is_coach = models.BooleanField(
        "coach", default=False, help_text="Technical-assistance coach; sees assigned practices."
    )
    is_staff = models.BooleanField(
        "program administrator",
        default=False,
        help_text="Program staff: sees and manages every practice, and may use the admin site.",
    )
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        ordering = ["email"]
        constraints = length_checks("user", ("full_name", PERSON_NAME), ("job_title", PERSON_NAME))

    def __str__(self):
        return self.full_name or self.email

    def save(self, *args, **kwargs):
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)

    @property
    def is_administrator(self):
        return self.is_active and self.is_staff

    # Program administrators may do everything, the admin site included.
    def has_perm(self, perm, obj=None):
        return self.is_administrator or super().has_perm(perm, obj)

    def has_module_perms(self, app_label):
        return self.is_administrator or super().has_module_perms(app_label)

    def get_full_name(self):
        return self.full_name or self.email

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email


def _hash_token(token):
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationQuerySet(models.QuerySet):
    def for_token(self, token):
        return self.filter(token_hash=_hash_token(token))

    def open(self):
        """Neither accepted nor cancelled (expired ones included)."""
        return self.filter(accepted_at__isnull=True, cancelled_at__isnull=True)

    def pending(self):
        """Open and not expired: its link can still be used."""
        return self.open().filter(expires_at__gt=timezone.now())


class Invitation(models.Model):
    """A single-use, expiring invitation to a role in a practice (or among the coaches);
    the role is granted only when the invitee accepts it."""

    class Role(models.TextChoices):
        LEAD = "lead", "Practice lead"
        RESPONDENT = "respondent", "Respondent"
        COACH = "coach", "Coach"

    email = models.EmailField("e-mail address")
    role = models.CharField(max_length=20, choices=Role.choices)
    practice = models.ForeignKey(
        "practices.Practice",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="invitations",
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role="coach") | models.Q(practice__isnull=False),
                name="invitation_practice_role_needs_practice",
            ),
            # One open invitation per address and practice: a second one is refused, an
            # expired one is renewed (accounts.invitations).
            models.UniqueConstraint(
                fields=["email", "practice"],
                condition=models.Q(accepted_at__isnull=True, cancelled_at__isnull=True),
                name="one_open_invitation_per_address_and_practice",
            ),
        ]

    def __str__(self):
        return f"{self.email} as {self.get_role_display()}"

    @classmethod
    def new(cls, **fields):
        """Build an unsaved invitation and return it with its raw token (shown once)."""
        token = secrets.token_urlsafe(32)
        now = timezone.now()
        invitation = cls(
            token_hash=_hash_token(token),
            created_at=now,
            expires_at=now + timedelta(days=settings.INVITATION_VALID_DAYS),
            **fields,
        )
        return invitation, token

    @property
    def is_used(self):
        return self.accepted_at is not None

    @property
    def is_expired(self):
        return timezone.now() >= self.expires_at

    @property
    def is_cancelled(self):
        return self.cancelled_at is not None

    @property
    def is_open(self):
        """Neither accepted nor cancelled: it may be sent again or cancelled."""
        return not self.is_used and not self.is_cancelled

    @property
    def status(self):
        if self.is_used:
            return "accepted"
        if self.is_cancelled:
            return "cancelled"
        if self.is_expired:
            return "expired"
        return "pending"

    def renew(self):
        """Give the (unsaved) invitation a new token and a new validity; the old link
        stops working once saved. Returns the raw token."""
        token = secrets.token_urlsafe(32)
        self.token_hash = _hash_token(token)
        self.created_at = timezone.now()  # shown as when it was sent
        self.expires_at = self.created_at + timedelta(days=settings.INVITATION_VALID_DAYS)
        return token


class MailDelivery(models.Model):
    """One e-mail to one person, sent by a background task once the action that wrote it
    has committed (``accounts.tasks``). Every attempt is counted; a failed one is tried
    again later, and one that failed every time waits here for an administrator."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to be sent"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    recipient = models.EmailField()
    subject = models.CharField(max_length=255)
    # Kept until the message is sent: it may hold an invitation's link.
    body = models.TextField(blank=True)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "e-mail delivery"
        verbose_name_plural = "e-mail deliveries"

    def __str__(self):
        return f"{self.subject} to {self.recipient}"
