# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Quality Complaints: 8D and CAPA",
    "version": "19.0.1.0.0",
    "summary": "8D reports and corrective / preventive actions for customer complaints",
    "category": "Sales/Quality",
    "author": "Quality Complaints for Odoo",
    "website": "https://github.com/quality-complaints/odoo-quality-complaints",
    "license": "LGPL-3",
    "depends": ["quality_complaint"],
    "data": [
        "security/ir.model.access.csv",
        "data/ir_sequence_data.xml",
        "views/quality_8d_report_views.xml",
    ],
    "installable": True,
}
