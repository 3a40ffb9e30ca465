"""Create the local editor account for a laptop archive and say how to log in.

`make run` calls this every time: the first run makes the account (in the
Editors group, with a random password kept in var/editor-login.txt, which git
ignores); later runs only print the login again.
"""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Create (once) the local editor account and print how to log in."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="editor")
        parser.add_argument("--url", default="http://127.0.0.1:8000/admin/")

    def handle(self, *args, username, url, **options):
        try:
            editors = Group.objects.get(name="Editors")
        except Group.DoesNotExist as err:
            raise CommandError("The Editors group is missing; run `manage.py migrate`.") from err
        login_file = settings.VAR_DIR / "editor-login.txt"
        User = get_user_model()
        user = User.objects.filter(username=username).first()
        if user is None or not login_file.exists():
            password = secrets.token_urlsafe(12)
            if user is None:
                user = User(username=username, is_staff=True)
            user.set_password(password)
            user.save()
            user.groups.add(editors)
            login_file.parent.mkdir(parents=True, exist_ok=True)
            login_file.write_text(f"{username}\n{password}\n")
            login_file.chmod(0o600)
        else:
            password = login_file.read_text().split("\n")[1]
        self.stdout.write(
            self.style.SUCCESS(f"Editor login: {url}  user: {username}  password: {password}")
        )
