"""``manage.py estimate_incentive input.json``: the estimate of one practice's inputs, as
JSON, for batch use and for checking the pages' numbers. ``-`` reads standard input."""

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from incentives import model
from incentives.payment_model import PaymentModelError, default_model, read


class Command(BaseCommand):
    help = (
        "Estimate the CA Advanced Primary Care payments of one practice from a JSON object "
        "(practice_type, members, incentive_pmpm, population_health_pmpm, hpi_decile, panel, "
        "measures) and print the result as JSON."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="the input JSON file, or - for standard input")
        parser.add_argument(
            "--model", help="another payment model file (default: the CA APC 2025 model)"
        )

    def handle(self, *args, path, **options):
        try:
            payment_model = read(options["model"]) if options.get("model") else default_model()
        except PaymentModelError as exc:
            raise CommandError("The payment model file was refused:\n" + str(exc)) from exc
        try:
            text = sys.stdin.read() if path == "-" else open(path, encoding="utf-8").read()
        except OSError as exc:
            raise CommandError(f"{path}: {exc.strerror}") from exc
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise CommandError(f"{path}: not JSON ({exc})") from exc
        try:
            inputs, assumptions = model.parse_inputs(data, payment_model)
        except model.InputError as exc:
            problems = "\n".join(f"  - {message}" for message in exc.messages)
            raise CommandError(f"{path} cannot be estimated:\n{problems}") from exc
        result = model.estimate(inputs, payment_model, assumptions)
        self.stdout.write(json.dumps(model.as_dict(result, payment_model), indent=2))
