# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Quality Complaints",
    "version": "19.0.1.0.0",
    "summary": "Customer complaints from sales, deliveries and invoices, "
    "with returns, replacements, refunds and compensation",
    "category": "Sales/Quality",
    "author": "Quality Complaints for Odoo",
    "website": "https://github.com/quality-complaints/odoo-quality-complaints",
    "license": "LGPL-3",
    "application": True,
    "depends": ["sale_stock", "portal", "base_automation"],
    "data": [
        "security/quality_complaint_groups.xml",
        "security/quality_complaint_security.xml",
        "security/ir.model.access.csv",
        "data/ir_sequence_data.xml",
        "data/quality_complaint_stage_data.xml",
        "data/quality_complaint_category_data.xml",
        "data/product_data.xml",
        "views/quality_complaint_stage_views.xml",
        "views/quality_complaint_team_views.xml",
        "views/quality_complaint_category_views.xml",
        "views/quality_complaint_tag_views.xml",
        "wizards/quality_complaint_remedy_wizard_views.xml",
        "views/quality_complaint_views.xml",
        "views/quality_complaint_compensation_views.xml",
        "views/res_config_settings_views.xml",
        "views/sale_order_views.xml",
        "views/stock_picking_views.xml",
        "views/account_move_views.xml",
        "report/quality_complaint_cost_report_views.xml",
        "views/quality_complaint_menus.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "quality_complaint/static/tests/tours/*.js",
        ],
    },
    "installable": True,
}
