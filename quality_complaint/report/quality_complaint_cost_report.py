# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models
from odoo.tools import SQL

from ..models.quality_complaint import KINDS


class QualityComplaintCostReport(models.Model):
    """Cost of complaints from the real documents: credit note lines (refunds and
    compensation) and the stock value of replacement deliveries, in company currency; and
    what vendor credit notes recovered from liable suppliers and carriers, to give the net."""

    _name = "quality.complaint.cost.report"
    _description = "Cost of Complaints"
    _auto = False
    _order = "date desc"
    _rec_name = "complaint_id"

    date = fields.Date(readonly=True)
    complaint_id = fields.Many2one("quality.complaint", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    category_id = fields.Many2one("quality.complaint.category", readonly=True)
    team_id = fields.Many2one("quality.complaint.team", readonly=True)
    kind = fields.Selection(KINDS, readonly=True)
    product_id = fields.Many2one("product.product", readonly=True)
    cost_type = fields.Selection(
        [
            ("refund", "Refund"),
            ("compensation", "Compensation"),
            ("replacement", "Replacement"),
            ("recovery", "Recovery"),
        ],
        readonly=True,
    )
    liable_partner_id = fields.Many2one("res.partner", string="Supplier / Carrier", readonly=True)
    party_type = fields.Selection(
        [("supplier", "Supplier"), ("carrier", "Carrier")], string="Liable Party", readonly=True
    )
    document_state = fields.Selection(
        [("draft", "Draft"), ("done", "Posted / done")], readonly=True
    )
    amount = fields.Monetary(string="Cost", readonly=True)
    amount_recovered = fields.Monetary(string="Recovered", readonly=True)
    amount_net = fields.Monetary(string="Net Cost", readonly=True)
    quantity = fields.Float(readonly=True)

    @property
    def _table_query(self):
        # The cost documents of each kind, then their complaint's dimensions, joined once.
        return SQL(
            """
            SELECT cost.id,
                   cost.date,
                   c.id AS complaint_id,
                   c.company_id,
                   company.currency_id,
                   c.commercial_partner_id AS partner_id,
                   c.category_id,
                   c.team_id,
                   c.kind,
                   cost.product_id,
                   cost.cost_type,
                   cost.document_state,
                   cost.amount,
                   cost.amount_recovered,
                   cost.amount_net,
                   cost.quantity,
                   cost.liable_partner_id,
                   cost.party_type
              FROM (
                    SELECT aml.id * 3 AS id,
                           COALESCE(am.invoice_date, am.date) AS date,
                           am.remedy_complaint_id AS complaint_id,
                           aml.product_id,
                           am.complaint_remedy AS cost_type,
                           CASE WHEN am.state = 'posted' THEN 'done' ELSE 'draft' END
                               AS document_state,
                           aml.balance AS amount,
                           0.0 AS amount_recovered,
                           aml.balance AS amount_net,
                           aml.quantity,
                           NULL::integer AS liable_partner_id,
                           NULL::varchar AS party_type
                      FROM account_move_line aml
                      JOIN account_move am ON am.id = aml.move_id
                     WHERE am.remedy_complaint_id IS NOT NULL
                       AND am.state != 'cancel'
                       AND aml.display_type = 'product'
                    UNION ALL
                    SELECT sm.id * 3 + 1 AS id,
                           sm.date::date AS date,
                           sp.remedy_complaint_id AS complaint_id,
                           sm.product_id,
                           'replacement' AS cost_type,
                           'done' AS document_state,
                           ABS(sm.value) AS amount,
                           0.0 AS amount_recovered,
                           ABS(sm.value) AS amount_net,
                           sm.product_qty AS quantity,
                           NULL::integer AS liable_partner_id,
                           NULL::varchar AS party_type
                      FROM stock_move sm
                      JOIN stock_picking sp ON sp.id = sm.picking_id
                     WHERE sp.remedy_complaint_id IS NOT NULL
                       AND sp.complaint_remedy = 'replacement'
                       AND sm.state = 'done'
                    UNION ALL
                    SELECT aml.id * 3 + 2 AS id,
                           COALESCE(am.invoice_date, am.date) AS date,
                           am.recovery_complaint_id AS complaint_id,
                           NULL::integer AS product_id,
                           'recovery' AS cost_type,
                           CASE WHEN am.state = 'posted' THEN 'done' ELSE 'draft' END
                               AS document_state,
                           0.0 AS amount,
                           -aml.balance AS amount_recovered,
                           aml.balance AS amount_net,
                           0.0 AS quantity,
                           am.commercial_partner_id AS liable_partner_id,
                           liability.party_type
                      FROM account_move_line aml
                      JOIN account_move am ON am.id = aml.move_id
                      LEFT JOIN quality_complaint_liability liability
                             ON liability.id = am.recovery_liability_id
                     WHERE am.recovery_complaint_id IS NOT NULL
                       AND am.state != 'cancel'
                       AND aml.display_type = 'product'
                   ) cost
              JOIN quality_complaint c ON c.id = cost.complaint_id
              JOIN res_company company ON company.id = c.company_id
            """
        )
