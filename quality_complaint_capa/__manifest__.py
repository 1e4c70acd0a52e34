# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Quality Complaints: 8D and CAPA",
    "version": "19.0.1.0.0",
    "summary": "8D reports and corrective / preventive actions for customer complaints",
    "description": """
8D problem solving (D0 to D8) and corrective / preventive actions for customer complaints:
containment from lot traceability, root causes by 6M, a clock per discipline, review and
approval, effectiveness checks, repeat-complaint detection, the 8D report in the customer's
language and on the customer portal, and supplier 8D requests.
""",
    "category": "Sales/Quality",
    "author": "Quality Complaints for Odoo",
    "website": "https://github.com/quality-complaints/odoo-quality-complaints",
    "license": "LGPL-3",
    "depends": ["quality_complaint"],
    "data": [
        "security/quality_complaint_capa_groups.xml",
        "security/quality_complaint_capa_security.xml",
        "security/ir.model.access.csv",
        "data/ir_sequence_data.xml",
        "report/quality_8d_reports.xml",
        "data/quality_complaint_capa_data.xml",
        "wizards/quality_8d_reject_wizard_views.xml",
        "views/quality_8d_report_views.xml",
        "views/quality_complaint_recovery_views.xml",
        "views/quality_8d_portal_templates.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "quality_complaint_capa/static/src/recurrence/*",
        ],
        "web.assets_tests": [
            "quality_complaint_capa/static/tests/tours/*.js",
        ],
    },
    "demo": [
        "demo/quality_complaint_capa_demo.xml",
        "demo/quality_complaint_recurrence_demo.xml",
    ],
    "images": [
        "static/description/screenshot_8d.png",
    ],
    "installable": True,
}
