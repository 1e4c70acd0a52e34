# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.tools import SQL


class QualityComplaint(models.Model):
    _inherit = "quality.complaint"

    eightd_ids = fields.Many2many(
        "quality.8d.report",
        "quality_8d_report_complaint_rel",
        "complaint_id",
        "report_id",
        string="8D Reports",
        copy=False,
    )
    eightd_count = fields.Integer(compute="_compute_eightd_count")
    requires_8d = fields.Boolean(
        compute="_compute_requires_8d",
        help="Company-responsible complaints of a category that requires an 8D.",
    )
    repeat_of_8d_id = fields.Many2one(
        "quality.8d.report",
        string="Repeats 8D",
        compute="_compute_repeat_of_8d_id",
        store=True,
        copy=False,
        help="The 8D of the earlier complaint this one repeats, where there is one.",
    )

    @api.depends("eightd_ids")
    def _compute_eightd_count(self):
        for complaint in self:
            complaint.eightd_count = len(complaint.eightd_ids)

    @api.depends("responsibility", "category_id.require_8d")
    def _compute_requires_8d(self):
        for complaint in self:
            complaint.requires_8d = (
                complaint.responsibility == "company" and complaint.category_id.require_8d
            )

    def _closure_blockers(self):
        """Company-responsible quality complaints close only with an 8D, where required."""
        blockers = super()._closure_blockers()
        for complaint in self.filtered(lambda c: c.requires_8d and not c.eightd_ids):
            blockers.setdefault(complaint, []).append(
                self.env._("it needs an 8D report before it is closed: start one")
            )
        return blockers

    @api.depends("eightd_ids.cause_ids.category", "eightd_ids.cause_ids.is_root_cause")
    def _compute_repeat(self):
        """Once the complaint's own 8D names its root causes, a complaint of the customer
        on the same product with an 8D of the same cause category (6M) is repeated too."""
        return super()._compute_repeat()

    @api.depends("repeat_of_id.eightd_ids")
    def _compute_repeat_of_8d_id(self):
        """The repeat is linked to the earlier complaint's latest 8D."""
        for complaint in self:
            reports = complaint.repeat_of_id.sudo().eightd_ids
            complaint.repeat_of_8d_id = reports.sorted("id")[-1:].id

    def _repeat_keys(self):
        """(product id, '6m', category) of each root cause category of the complaint's 8Ds
        and each product of its lines."""
        keys = super()._repeat_keys()
        for complaint in self.sudo():
            causes = complaint.eightd_ids.cause_ids.filtered("is_root_cause")
            for category in set(causes.mapped("category")):
                for product in complaint.line_ids.product_id:
                    keys[complaint.id].add((product.id, "6m", category))
        return keys

    def action_start_8d(self):
        """Start an 8D report on this complaint, with its team leader and its problem."""
        self.ensure_one()
        if self.eightd_ids.filtered(lambda r: r.state != "done"):
            return self.action_view_8d()
        report = self.env["quality.8d.report"].create(self._prepare_8d_vals())
        return {
            "type": "ir.actions.act_window",
            "res_model": "quality.8d.report",
            "res_id": report.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    def _prepare_8d_vals(self):
        leader = self.user_id or self.env.user
        return {
            "title": self.subject,
            "company_id": self.company_id.id,
            "complaint_ids": [Command.set(self.ids)],
            "leader_id": leader.id,
            "member_ids": [Command.create({"user_id": leader.id, "role": "leader"})],
            "problem_what": "\n".join(
                f"{line.product_id.display_name}: {line.defect_description or ''}"
                for line in self.line_ids
            ),
            "problem_who": self.commercial_partner_id.display_name,
            "problem_how_many": "\n".join(
                f"{line.quantity} {line.uom_id.name} {line.product_id.display_name}"
                + (f" ({line.lot_id.name})" if line.lot_id else "")
                for line in self.line_ids
            ),
        }

    @api.readonly
    def action_view_8d(self):
        """Open the 8D reports of this complaint."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "quality_complaint_capa.quality_8d_report_action"
        )
        if len(self.eightd_ids) == 1:
            action.update(res_id=self.eightd_ids.id, views=[(False, "form")], view_mode="form")
        else:
            action["domain"] = [("id", "in", self.eightd_ids.ids)]
        return action

    def _schedule_deadlines(self):
        """The open 8D reports follow their complaint's clock when it is re-planned (a new
        severity, customer requirements or notification time)."""
        res = super()._schedule_deadlines()
        self.sudo().eightd_ids.filtered(lambda r: r.state != "done")._schedule_disciplines()
        return res

    # ------------------------------------------------------------ recurrence at intake
    @api.depends("eightd_ids")
    def _compute_recurrence(self):
        """The open 8D the complaint is linked to shows as linked."""
        return super()._compute_recurrence()

    def _recurrence_data(self):
        """Adds "eightds": the company's open 8Ds whose complaints share a product, lot or
        defect code with this one, the strongest first (at most RECURRENCE_SHOWN), so that
        the complaint joins the investigation under way instead of starting another. An
        8D is a dict: id, name, title, discipline, state, leader, reasons, linked (the
        complaint is already one of its complaints)."""
        data = super()._recurrence_data()
        keys = self._recurrence_keys()
        rows = self._recurrence_8d_rows(keys)
        shared = defaultdict(lambda: defaultdict(list))
        for owner_id, kind, key_id, report_id in rows:
            shared[owner_id][report_id].append((kind, key_id))
        report_ids = {report_id for per_owner in shared.values() for report_id in per_owner}
        reports = (
            self.env["quality.8d.report"].search_fetch(
                [("id", "in", list(report_ids))],
                ["name", "title", "discipline", "state", "leader_id"],
            )
            if report_ids
            else self.env["quality.8d.report"]
        )
        by_id = {report.id: report for report in reports}
        labels = self._recurrence_key_labels(keys) if rows else {}
        for complaint in self:
            per_owner = shared.get(complaint.id, {})
            ranked = sorted(
                (report_id for report_id in per_owner if report_id in by_id),
                key=lambda report_id: (self._recurrence_score(per_owner[report_id]), report_id),
                reverse=True,
            )
            data[complaint.id]["eightds"] = [
                complaint._recurrence_8d_match(by_id[report_id], per_owner[report_id], labels)
                for report_id in ranked[: self.RECURRENCE_SHOWN]
            ]
        return data

    def _recurrence_8d_rows(self, keys):
        """[(complaint id, kind, key id, open 8D id)]: the open 8Ds of each complaint's
        company with a complaint whose lines share one of its keys (see
        ``_recurrence_keys``). One query: the lines of the open 8Ds' complaints that share
        a key are read first (``_open_company_idx``), then matched to the keys; its cost
        follows the investigations under way, not the number of complaints."""
        owners, kinds, key_ids, companies = [], [], [], []
        for index, complaint in enumerate(self):
            if not complaint.company_id:
                continue
            for kind in self.RECURRENCE_KINDS:
                for key_id in keys[complaint.id][kind]:
                    owners.append(index)
                    kinds.append(kind)
                    key_ids.append(key_id)
                    companies.append(complaint.company_id.id)
        if not key_ids:
            return []
        by_kind = defaultdict(list)
        for kind, key_id in zip(kinds, key_ids, strict=True):
            by_kind[kind].append(key_id)
        Report = self.env["quality.8d.report"]
        Line = self.env["quality.complaint.line"]
        query = SQL(
            """
            WITH shared_line AS MATERIALIZED (
                SELECT DISTINCT report.id AS report_id, report.company_id,
                       line.lot_id, line.defect_id, line.product_id
                  FROM quality_8d_report report
                  JOIN quality_8d_report_complaint_rel rel ON rel.report_id = report.id
                  JOIN quality_complaint_line line ON line.complaint_id = rel.complaint_id
                 WHERE report.state != 'done'
                   AND report.company_id = ANY(%(companies)s::int4[])
                   AND (line.lot_id = ANY(%(lot_ids)s::int4[])
                        OR line.defect_id = ANY(%(defect_ids)s::int4[])
                        OR line.product_id = ANY(%(product_ids)s::int4[]))
            )
            SELECT DISTINCT k.owner, k.kind, k.key_id, shared_line.report_id
              FROM shared_line
             CROSS JOIN LATERAL (
                   VALUES ('lot', shared_line.lot_id), ('defect', shared_line.defect_id),
                          ('product', shared_line.product_id)
                   ) AS shared(kind, key_id)
              JOIN unnest(%(owners)s::int4[], %(kinds)s::varchar[], %(key_ids)s::int4[],
                          %(companies)s::int4[]) AS k(owner, kind, key_id, company_id)
                ON k.kind = shared.kind
               AND k.key_id = shared.key_id
               AND k.company_id = shared_line.company_id
            """,
            owners=owners,
            kinds=kinds,
            key_ids=key_ids,
            companies=companies,
            lot_ids=by_kind["lot"],
            defect_ids=by_kind["defect"],
            product_ids=by_kind["product"],
            to_flush=[
                *(Report._fields[fname] for fname in ("company_id", "state", "complaint_ids")),
                *(
                    Line._fields[fname]
                    for fname in ("complaint_id", "product_id", "lot_id", "defect_id")
                ),
            ],
        )
        complaints = list(self)
        return [
            (complaints[owner].id, kind, key_id, report_id)
            for owner, kind, key_id, report_id in self.env.execute_query(query)
        ]

    def _recurrence_8d_match(self, report, shared_keys, labels):
        """The open 8D ``report`` as a match of this complaint (a JSON dict)."""
        self.ensure_one()
        selection = {
            fname: dict(report._fields[fname]._description_selection(self.env))
            for fname in ("discipline", "state")
        }
        return {
            "id": report.id,
            "name": report.name,
            "title": report.title,
            "discipline": selection["discipline"].get(report.discipline),
            "state": selection["state"].get(report.state),
            "leader": report.leader_id.display_name or "",
            "reasons": self._recurrence_reasons(shared_keys, labels),
            "linked": report in self.eightd_ids,
        }

    def _recurrence_note_items(self, entry):
        """The open 8Ds first: the handler links the complaint to one of them from the
        Recurrence tab."""
        items = [
            Markup("<li>%s</li>")
            % self.env._(
                "Open 8D %(report)s %(title)s (%(discipline)s): %(reasons)s",
                report=self.env["quality.8d.report"]
                .browse(match["id"])
                ._get_html_link(title=match["name"]),
                title=match["title"],
                discipline=match["discipline"],
                reasons="; ".join(match["reasons"]),
            )
            for match in entry.get("eightds", [])
            if not match["linked"]
        ]
        return items + super()._recurrence_note_items(entry)

    def _ensure_linkable_8d(self, eightd_id):
        """The open 8D of the complaint's company that ``eightd_id`` names, or a refusal
        saying what to do instead."""
        self.ensure_one()
        if not isinstance(eightd_id, int) or isinstance(eightd_id, bool):
            raise UserError(self.env._("Choose the open 8D to link the complaint to."))
        report = self.env["quality.8d.report"].sudo().browse(eightd_id).exists()
        if not report:
            raise UserError(
                self.env._(
                    "This 8D no longer exists: choose one of the open 8Ds in the Recurrence "
                    "tab, or start an 8D for the complaint."
                )
            )
        if report.company_id != self.company_id:
            raise UserError(
                self.env._(
                    "8D %(report)s belongs to %(company)s: link complaint %(complaint)s only "
                    "to an 8D of %(own)s.",
                    report=report.name,
                    company=report.company_id.name,
                    complaint=self.name,
                    own=self.company_id.name,
                )
            )
        if report.state == "done":
            raise UserError(
                self.env._(
                    "8D %s is closed: start a new 8D for this complaint instead of linking it.",
                    report.name,
                )
            )
        return report.with_env(self.env)

    def action_link_8d(self, eightd_id):
        """Link the complaint to the open 8D ``eightd_id`` (an id of quality.8d.report)
        that the recurrence look-up proposes: one investigation for several complaints.
        Linking it again changes nothing; a closed 8D or another company's is refused."""
        self.ensure_one()
        report = self._ensure_linkable_8d(eightd_id)
        if report in self.eightd_ids:
            return True
        self.eightd_ids = [Command.link(report.id)]
        # The 8D's clock counts from its first complaint, which may be this one.
        report.sudo()._schedule_disciplines()
        self.message_post(
            body=self.env._(
                "Linked to the open 8D %s: one investigation covers this complaint too.",
                report._get_html_link(),
            ),
            subtype_xmlid="mail.mt_note",
        )
        report.message_post(
            body=self.env._(
                "Complaint %(complaint)s of %(customer)s linked to this 8D: it recurs on the "
                "same product, lot or defect code.",
                complaint=self._get_html_link(),
                customer=self.commercial_partner_id.display_name,
            ),
            subtype_xmlid="mail.mt_note",
        )
        return True
