# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import http
from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.exceptions import AccessError, MissingError
from odoo.http import request


class EightDPortal(CustomerPortal):
    @http.route(["/my/8d/<int:report_id>"], type="http", auth="public", website=True)
    def portal_my_8d(self, report_id, access_token=None, **kw):
        """An approved 8D report, for the customer it concerns."""
        try:
            report_sudo = self._document_check_access(
                "quality.8d.report", report_id, access_token=access_token
            )
        except (AccessError, MissingError):
            return request.redirect("/my")
        if report_sudo.state not in ("approved", "sent", "done"):
            return request.redirect("/my")
        values = self._get_page_view_values(
            report_sudo,
            access_token,
            {"report": report_sudo, "page_name": "8d"},
            "my_8d_history",
            False,
            **kw,
        )
        return request.render("quality_complaint_capa.portal_my_8d", values)
