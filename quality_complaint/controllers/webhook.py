# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from psycopg2 import OperationalError

from odoo.addons.base_automation.controllers.main import BaseAutomationController
from odoo.exceptions import ConcurrencyError, UserError
from odoo.http import request, route


class ComplaintWebhook(BaseAutomationController):
    """Odoo's incoming webhook route (``/web/hook/<secret>``), answering a complaint
    webhook with what happened: the complaint filed (or found again for a replay), or why
    the payload was refused (HTTP 400 for a body that is not JSON, 422 for a payload the
    complaint refuses, with its message). Other rules are answered as Odoo does."""

    @route()
    def call_webhook_http(self, rule_uuid, **kwargs):
        rule = request.env["base.automation"].sudo().search([("webhook_uuid", "=", rule_uuid)])
        if not rule._is_complaint_intake():
            return super().call_webhook_http(rule_uuid, **kwargs)
        try:
            payload = request.get_json_data()
        except ValueError:
            return self._complaint_webhook_error(
                request.env._(
                    "The body is not JSON: send the complaint as a JSON object "
                    "(Content-Type: application/json)."
                ),
                400,
            )
        try:
            complaint, created = rule._execute_complaint_webhook(payload)
        except UserError as error:
            return self._complaint_webhook_error(error.args[0], 422)
        except (OperationalError, ConcurrencyError):
            raise  # Odoo retries the request: the retry finds what the other one committed
        except Exception:  # as Odoo's own webhook route, which logged it
            return request.make_json_response({"status": "error"}, status=500)
        body = {"status": "ok"}
        if complaint:
            body.update(
                {
                    "complaint": complaint.name,
                    "customer_reference": complaint.customer_reference,
                    "created": created,
                }
            )
        return request.make_json_response(body, status=200)

    def _complaint_webhook_error(self, message, status):
        return request.make_json_response({"status": "error", "message": message}, status=status)
