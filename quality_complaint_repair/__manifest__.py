# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Quality Complaints: Repair",
    "version": "19.0.1.0.0",
    "summary": "Rework of returned complained goods through Odoo's Repair app",
    "description": """
Bridge between Quality Complaints and Odoo's Repair app, installed by itself when both are:
the returned goods of a complaint are reworked through repair orders (product, lot, customer,
under warranty when the company is responsible), linked both ways; the repair's completion is
the quality re-check of the rework.

客户退回的客诉货品通过 Odoo 维修应用返工：维修单与客诉双向关联，维修完成即为返工的质量复检。

客戶退回的客訴貨品透過 Odoo 維修應用返工：維修單與客訴雙向關聯，維修完成即為返工的品質複檢。
""",
    "category": "Sales/Quality",
    "author": "Quality Complaints for Odoo",
    "website": "https://github.com/quality-complaints/odoo-quality-complaints",
    "license": "LGPL-3",
    "depends": ["quality_complaint", "repair"],
    "data": [
        "security/ir.model.access.csv",
        "views/repair_order_views.xml",
        "views/quality_complaint_views.xml",
    ],
    "auto_install": True,
    "installable": True,
}
