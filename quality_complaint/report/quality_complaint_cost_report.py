# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models
from odoo.tools import SQL

from ..models.quality_complaint import KINDS

COST_TYPES = [
    ("refund", "Refund"),
    ("compensation", "Compensation"),
    ("replacement", "Replacement"),
    ("return_freight", "Freight of a return"),
    ("redelivery_freight", "Freight of a re-delivery"),
    ("scrap", "Scrap"),
    ("rework", "Rework"),
    ("other", "Other"),
    ("recovery", "Recovery"),
]
# The columns each source of ``_cost_sources`` selects, by name, and their SQL types.
SOURCE_COLUMNS = {
    "id": "integer",
    "date": "date",
    "complaint_id": "integer",
    "product_id": "integer",
    "cost_type": "varchar",
    "done": "boolean",
    "value": "numeric",
    "quantity": "numeric",
    "liable_partner_id": "integer",
    "party_type": "varchar",
}
# Row ids are the source row's id * ID_FACTOR + the source's index: unique across sources.
ID_FACTOR = 16


class QualityComplaintCostReport(models.Model):
    """The cost of complaints, one definition (SPEC §7) read by the complaint form, this
    pivot and the dashboard: posted refunds and compensation, the value of replacements,
    the freight of returns and re-deliveries (carriers' bills, cost lines), the value of
    scrapped goods, rework and other cost lines, less what posted vendor credit notes
    recovered from liable suppliers and carriers; in company currency, without taxes.
    Drafts (credit notes, bills, deliveries not yet done) are pending, never cost."""

    _name = "quality.complaint.cost.report"
    _description = "Cost of Complaints"
    _auto = False
    _order = "date desc"
    _rec_name = "complaint_id"
    # Flushed before the view is read: the cost is right after any change of a document.
    _depends = {
        "account.move": [
            "commercial_partner_id",
            "complaint_freight_kind",
            "complaint_remedy",
            "date",
            "freight_complaint_id",
            "invoice_date",
            "move_type",
            "recovery_complaint_id",
            "recovery_liability_id",
            "remedy_complaint_id",
            "state",
        ],
        "account.move.line": ["balance", "display_type", "move_id", "product_id", "quantity"],
        "product.product": ["standard_price"],
        "quality.complaint": [
            "category_id",
            "commercial_partner_id",
            "company_id",
            "kind",
            "team_id",
        ],
        "quality.complaint.cost.line": ["amount", "complaint_id", "date", "kind"],
        "quality.complaint.liability": ["party_type"],
        "res.company": ["currency_id"],
        "stock.move": [
            "company_id",
            "date",
            "picking_id",
            "product_id",
            "product_qty",
            "scrap_id",
            "state",
            "value",
        ],
        "stock.picking": ["complaint_remedy", "remedy_complaint_id"],
        "stock.scrap": ["complaint_id"],
    }

    date = fields.Date(readonly=True)
    complaint_id = fields.Many2one("quality.complaint", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    category_id = fields.Many2one("quality.complaint.category", readonly=True)
    team_id = fields.Many2one("quality.complaint.team", readonly=True)
    kind = fields.Selection(KINDS, readonly=True)
    product_id = fields.Many2one("product.product", readonly=True)
    cost_type = fields.Selection(COST_TYPES, readonly=True)
    liable_partner_id = fields.Many2one("res.partner", string="Supplier / Carrier", readonly=True)
    party_type = fields.Selection(
        [("supplier", "Supplier"), ("carrier", "Carrier")], string="Liable Party", readonly=True
    )
    document_state = fields.Selection(
        [("draft", "Draft"), ("done", "Posted / done")], readonly=True
    )
    amount = fields.Monetary(string="Cost", readonly=True, help="Posted or done costs.")
    amount_pending = fields.Monetary(
        string="Pending (drafts)",
        readonly=True,
        help="Costs of draft documents: not cost yet.",
    )
    amount_recovered = fields.Monetary(
        string="Recovered", readonly=True, help="Posted vendor credit notes."
    )
    amount_recovery_pending = fields.Monetary(
        string="Recovery Pending", readonly=True, help="Draft vendor credit notes."
    )
    amount_net = fields.Monetary(string="Net Cost", readonly=True)
    quantity = fields.Float(readonly=True)

    @property
    def _table_query(self):
        """Each source's rows, with the rule applied once for all: done rows count (cost or
        recovered), draft rows are pending; then their complaint's dimensions."""
        sources = self._cost_sources()
        if len(sources) > ID_FACTOR:
            raise ValueError(f"At most {ID_FACTOR} cost sources: the row ids would collide.")
        columns = SQL(", ").join(
            SQL("src.%s::%s AS %s", SQL.identifier(name), SQL(sql_type), SQL.identifier(name))
            for name, sql_type in SOURCE_COLUMNS.items()
        )
        union = SQL(" UNION ALL ").join(
            SQL("SELECT %s AS source, %s FROM (%s) src", index, columns, source)
            for index, source in enumerate(sources)
        )
        return SQL(
            """
            SELECT cost.id * %(factor)s + cost.source AS id,
                   cost.date,
                   cost.complaint_id,
                   c.company_id,
                   company.currency_id,
                   c.commercial_partner_id AS partner_id,
                   c.category_id,
                   c.team_id,
                   c.kind,
                   cost.product_id,
                   cost.cost_type,
                   CASE WHEN cost.done THEN 'done' ELSE 'draft' END AS document_state,
                   CASE WHEN cost.done AND cost.cost_type <> 'recovery'
                        THEN cost.value ELSE 0.0 END AS amount,
                   CASE WHEN NOT cost.done AND cost.cost_type <> 'recovery'
                        THEN cost.value ELSE 0.0 END AS amount_pending,
                   CASE WHEN cost.done AND cost.cost_type = 'recovery'
                        THEN cost.value ELSE 0.0 END AS amount_recovered,
                   CASE WHEN NOT cost.done AND cost.cost_type = 'recovery'
                        THEN cost.value ELSE 0.0 END AS amount_recovery_pending,
                   CASE WHEN NOT cost.done THEN 0.0
                        WHEN cost.cost_type = 'recovery' THEN -cost.value
                        ELSE cost.value END AS amount_net,
                   cost.quantity,
                   cost.liable_partner_id,
                   cost.party_type
              FROM (%(union)s) cost
              JOIN quality_complaint c ON c.id = cost.complaint_id
              JOIN res_company company ON company.id = c.company_id
            """,
            factor=ID_FACTOR,
            union=union,
        )

    def _cost_sources(self):
        """The SQL queries of the cost's sources, one per kind of document.

        Each selects the columns of ``SOURCE_COLUMNS`` by name: ``id`` unique within the
        source, ``complaint_id``, ``cost_type`` (a key of ``COST_TYPES``; ``recovery``
        lowers the cost), ``done`` (posted or done: counts; otherwise pending), ``value``
        (positive, company currency, without taxes). An extension (a repair bridge) appends
        its source to the list; the position in the list is part of the row ids, so sources
        are only ever appended. Keep each source filtered on an indexed complaint link
        (``IS NOT NULL``, partial index), the dashboard reads them at a million complaints.
        """
        return [
            self._cost_source_credit_notes(),
            self._cost_source_replacements(),
            self._cost_source_recoveries(),
            self._cost_source_freight_bills(),
            self._cost_source_scraps(),
            self._cost_source_cost_lines(),
        ]

    def _stock_move_value(self):
        """The cost of a stock move: its stock valuation once done and valued, otherwise
        (not valued, not done yet) the product's cost price times the quantity."""
        return SQL(
            """CASE WHEN sm.state = 'done' AND sm.value <> 0 THEN ABS(sm.value)
                    ELSE COALESCE((pp.standard_price ->> sm.company_id::text)::numeric, 0.0)
                         * sm.product_qty END"""
        )

    def _cost_source_credit_notes(self):
        """Refunds and compensation: the product lines of the complaint's credit notes."""
        return SQL(
            """
            SELECT aml.id,
                   COALESCE(am.invoice_date, am.date) AS date,
                   am.remedy_complaint_id AS complaint_id,
                   aml.product_id,
                   am.complaint_remedy AS cost_type,
                   am.state = 'posted' AS done,
                   aml.balance AS value,
                   aml.quantity,
                   NULL AS liable_partner_id,
                   NULL AS party_type
              FROM account_move am
              JOIN account_move_line aml ON aml.move_id = am.id
             WHERE am.remedy_complaint_id IS NOT NULL
               AND am.state <> 'cancel'
               AND aml.display_type = 'product'
            """
        )

    def _cost_source_replacements(self):
        """Replacement deliveries: the stock value of the goods shipped again."""
        return SQL(
            """
            SELECT sm.id,
                   sm.date::date AS date,
                   sp.remedy_complaint_id AS complaint_id,
                   sm.product_id,
                   'replacement' AS cost_type,
                   sm.state = 'done' AS done,
                   %s AS value,
                   sm.product_qty AS quantity,
                   NULL AS liable_partner_id,
                   NULL AS party_type
              FROM stock_picking sp
              JOIN stock_move sm ON sm.picking_id = sp.id
              JOIN product_product pp ON pp.id = sm.product_id
             WHERE sp.remedy_complaint_id IS NOT NULL
               AND sp.complaint_remedy = 'replacement'
               AND sm.state <> 'cancel'
            """,
            self._stock_move_value(),
        )

    def _cost_source_recoveries(self):
        """What vendor credit notes take back from liable suppliers and carriers."""
        return SQL(
            """
            SELECT aml.id,
                   COALESCE(am.invoice_date, am.date) AS date,
                   am.recovery_complaint_id AS complaint_id,
                   NULL AS product_id,
                   'recovery' AS cost_type,
                   am.state = 'posted' AS done,
                   -aml.balance AS value,
                   0.0 AS quantity,
                   am.commercial_partner_id AS liable_partner_id,
                   liability.party_type
              FROM account_move am
              JOIN account_move_line aml ON aml.move_id = am.id
              LEFT JOIN quality_complaint_liability liability
                     ON liability.id = am.recovery_liability_id
             WHERE am.recovery_complaint_id IS NOT NULL
               AND am.state <> 'cancel'
               AND aml.display_type = 'product'
            """
        )

    def _cost_source_freight_bills(self):
        """Freight of returns and re-deliveries billed by a carrier: the product lines of
        the vendor bills linked to the complaint."""
        return SQL(
            """
            SELECT aml.id,
                   COALESCE(am.invoice_date, am.date) AS date,
                   am.freight_complaint_id AS complaint_id,
                   aml.product_id,
                   COALESCE(am.complaint_freight_kind, 'return_freight') AS cost_type,
                   am.state = 'posted' AS done,
                   aml.balance AS value,
                   aml.quantity,
                   NULL AS liable_partner_id,
                   NULL AS party_type
              FROM account_move am
              JOIN account_move_line aml ON aml.move_id = am.id
             WHERE am.freight_complaint_id IS NOT NULL
               AND am.move_type = 'in_invoice'
               AND am.state <> 'cancel'
               AND aml.display_type = 'product'
            """
        )

    def _cost_source_scraps(self):
        """Returned goods scrapped: the stock valuation of the scrap moves."""
        return SQL(
            """
            SELECT sm.id,
                   sm.date::date AS date,
                   ss.complaint_id,
                   sm.product_id,
                   'scrap' AS cost_type,
                   sm.state = 'done' AS done,
                   %s AS value,
                   sm.product_qty AS quantity,
                   NULL AS liable_partner_id,
                   NULL AS party_type
              FROM stock_scrap ss
              JOIN stock_move sm ON sm.scrap_id = ss.id
              JOIN product_product pp ON pp.id = sm.product_id
             WHERE ss.complaint_id IS NOT NULL
               AND sm.state <> 'cancel'
            """,
            self._stock_move_value(),
        )

    def _cost_source_cost_lines(self):
        """Costs no document carries, recorded on the complaint (freight, rework, other)."""
        return SQL(
            """
            SELECT line.id,
                   line.date,
                   line.complaint_id,
                   NULL AS product_id,
                   line.kind AS cost_type,
                   TRUE AS done,
                   line.amount AS value,
                   0.0 AS quantity,
                   NULL AS liable_partner_id,
                   NULL AS party_type
              FROM quality_complaint_cost_line line
            """
        )
