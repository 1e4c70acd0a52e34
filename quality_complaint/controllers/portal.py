# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import http
from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request

from ..models.quality_complaint import PORTAL_MAX_REFERENCE, SUBJECT_MAX


class ComplaintPortal(CustomerPortal):
    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "complaint_count" in counters:
            Complaint = request.env["quality.complaint"]
            values["complaint_count"] = (
                Complaint.search_count([]) if Complaint.has_access("read") else 0
            )
        return values

    # Read-only (served by a replica where there is one): a complaint has its access token
    # from creation, so its links never write it. A complaint submitted a moment ago may
    # show a moment later.
    @http.route(
        ["/my/complaints", "/my/complaints/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
        readonly=True,
    )
    def portal_my_complaints(self, page=1, sortby=None, **kw):
        Complaint = request.env["quality.complaint"]
        sortings = {
            "date": {"label": request.env._("Newest"), "order": "date_received desc, id desc"},
            "name": {"label": request.env._("Reference"), "order": "name desc"},
            "stage": {"label": request.env._("Status"), "order": "stage_id, id desc"},
        }
        sortby = sortby if sortby in sortings else "date"
        count = Complaint.search_count([])
        pager = portal_pager(
            url="/my/complaints",
            url_args={"sortby": sortby},
            total=count,
            page=page,
            step=self._items_per_page,
        )
        complaints = Complaint.search(
            [], order=sortings[sortby]["order"], limit=self._items_per_page, offset=pager["offset"]
        )
        request.session["my_complaints_history"] = complaints.ids[:100]
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "complaints": complaints,
                "page_name": "complaint",
                "pager": pager,
                "default_url": "/my/complaints",
                "searchbar_sortings": sortings,
                "sortby": sortby,
            }
        )
        return request.render("quality_complaint.portal_my_complaints", values)

    # Read/write: the customer lands here right after submitting a complaint, which a
    # replica may not have received yet.
    @http.route(["/my/complaints/<int:complaint_id>"], type="http", auth="public", website=True)
    def portal_my_complaint(self, complaint_id, access_token=None, **kw):
        try:
            complaint_sudo = self._document_check_access(
                "quality.complaint", complaint_id, access_token=access_token
            )
        except (AccessError, MissingError):
            return request.redirect("/my")
        return self._render_complaint_page(complaint_sudo, access_token, **kw)

    def _render_complaint_page(self, complaint_sudo, access_token=None, **kw):
        """The complaint's page; the customer's own portal users may answer its resolution
        there (``confirmation_error``: why their last answer was refused)."""
        values = self._get_page_view_values(
            complaint_sudo,
            access_token,
            {
                "complaint": complaint_sudo,
                "page_name": "complaint",
                "can_confirm": complaint_sudo._portal_may_confirm(request.env.user),
                "confirmation_error": kw.pop("confirmation_error", None),
            },
            "my_complaints_history",
            False,
            **kw,
        )
        return request.render("quality_complaint.portal_my_complaint", values)

    @http.route(
        ["/my/complaints/<int:complaint_id>/confirmation"],
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_complaint_confirmation(self, complaint_id, decision=None, comment=None, **kw):
        """The customer accepts the resolution or answers "not resolved" with a comment;
        only the complaint's own customer's portal users may, while it is pending."""
        complaint = request.env["quality.complaint"].browse(complaint_id)
        try:
            if decision not in ("accept", "reject"):
                raise UserError(request.env._("Choose whether the complaint is resolved."))
            complaint._portal_record_confirmation(decision == "accept", comment)
        except (AccessError, MissingError):
            return request.redirect("/my")
        except UserError as error:
            return self._render_complaint_page(complaint.sudo(), confirmation_error=error.args[0])
        return request.redirect(f"/my/complaints/{complaint_id}")

    @http.route(
        ["/my/complaints/new"], type="http", auth="user", website=True, methods=["GET", "POST"]
    )
    def portal_new_complaint(self, **post):
        Complaint = request.env["quality.complaint"]
        partner = request.env.user.partner_id
        orders, pickings = Complaint._portal_documents(partner)
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "complaint_new",
                "orders": orders,
                "pickings": pickings,
                "form": post,
                "error": None,
                "subject_max": SUBJECT_MAX,
                "reference_max": PORTAL_MAX_REFERENCE,
                "defects": request.env["quality.complaint.defect"]._portal_defects(
                    request.env.company
                ),
            }
        )
        if request.httprequest.method == "POST":
            files = [
                (f.filename, f.read(), f.content_type)
                for f in request.httprequest.files.getlist("attachments")
                if f.filename
            ]
            try:
                complaint = Complaint._portal_create_complaint(
                    partner,
                    post.get("document"),
                    post.get("subject"),
                    post.get("description"),
                    files,
                    defect=post.get("defect"),
                    customer_reference=post.get("customer_reference"),
                    notified_on=post.get("notified_on"),
                )
            except ValidationError as error:
                values["error"] = error.args[0]
            else:
                return request.redirect(f"/my/complaints/{complaint.id}")
        return request.render("quality_complaint.portal_new_complaint", values)


class FeedbackPortal(CustomerPortal):
    """Praise and suggestions from the portal, and the customer's own feedback register."""

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "feedback_count" in counters:
            Feedback = request.env["quality.complaint.feedback"]
            values["feedback_count"] = (
                Feedback.search_count([]) if Feedback.has_access("read") else 0
            )
        return values

    @http.route(
        ["/my/feedback", "/my/feedback/page/<int:page>"], type="http", auth="user", website=True
    )
    def portal_my_feedback(self, page=1, sent=None, **kw):
        Feedback = request.env["quality.complaint.feedback"]
        if not Feedback.has_access("read"):
            return request.redirect("/my")
        count = Feedback.search_count([])
        pager = portal_pager(url="/my/feedback", total=count, page=page, step=self._items_per_page)
        feedback = Feedback.search([], limit=self._items_per_page, offset=pager["offset"])
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "feedback_list": feedback,
                "page_name": "feedback",
                "pager": pager,
                "default_url": "/my/feedback",
                "sent": bool(sent),
            }
        )
        return request.render("quality_complaint.portal_my_feedback", values)

    @http.route(
        ["/my/feedback/new"], type="http", auth="user", website=True, methods=["GET", "POST"]
    )
    def portal_new_feedback(self, **post):
        """The "Send us feedback" form: praise or a suggestion, a title and a text."""
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "feedback_new",
                "form": post,
                "error": None,
                "subject_max": SUBJECT_MAX,
            }
        )
        if request.httprequest.method == "POST":
            try:
                request.env["quality.complaint.feedback"]._portal_create_feedback(
                    request.env.user.partner_id,
                    post.get("kind"),
                    post.get("subject"),
                    post.get("description"),
                )
            except ValidationError as error:
                values["error"] = error.args[0]
            else:
                return request.redirect("/my/feedback?sent=1")
        return request.render("quality_complaint.portal_new_feedback", values)
