# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Quality Complaints: Kits",
    "version": "19.0.1.0.0",
    "summary": "Complaints, returns and refunds of kit products (bills of materials of type kit)",
    "description": """
Bridge between Quality Complaints and Odoo's Manufacturing app, installed by itself when both
are: a complaint from the delivery of a kit lists the delivered components, returns them
through the return wizard and refunds the kit's invoice line, never more than invoiced.
""",
    "category": "Sales/Quality",
    "author": "Quality Complaints for Odoo",
    "website": "https://github.com/quality-complaints/odoo-quality-complaints",
    "license": "LGPL-3",
    "depends": ["quality_complaint", "sale_mrp"],
    "data": [
        "views/quality_complaint_views.xml",
        "wizards/quality_complaint_return_wizard_views.xml",
    ],
    "demo": [
        "demo/quality_complaint_mrp_demo.xml",
    ],
    "auto_install": True,
    "installable": True,
}
