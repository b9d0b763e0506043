"""The portal's user: signed in by e-mail address, known by full name."""

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField("e-mail address", unique=True)
    full_name = models.CharField(max_length=200, help_text="As the person would like to be addressed.")
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False, help_text="May sign in to the Django admin site.")
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class Reminder(models.Model):
    """One reminder e-mail, recorded before it is sent: the unique constraint makes sending exactly-once.

    A sweep claims what is due in one INSERT ... ON CONFLICT DO NOTHING (safeguarding.reminders); only the
    rows it inserted are its to send. A crash between claiming and sending leaves the row `claimed`: it is
    reported as unconfirmed, never resent blindly.
    """

    class State(models.TextChoices):
        CLAIMED = "claimed", "Claimed, not yet confirmed sent"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    kind = models.CharField(max_length=60, help_text="What the reminder is about, e.g. challenge.due_soon.")
    subject_key = models.CharField(max_length=80, help_text="The record: app label, model and id.")
    stage = models.CharField(max_length=40, blank=True, default="")
    recipient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="reminders")
    due_on = models.DateField(null=True, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.CLAIMED)
    claimed_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True, default="")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "subject_key", "stage", "recipient"], name="reminder_sent_once"
            )
        ]
        indexes = [
            models.Index(fields=["subject_key", "claimed_at"]),
            models.Index(fields=["state", "claimed_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.stage} for {self.subject_key} to {self.recipient_id}"
