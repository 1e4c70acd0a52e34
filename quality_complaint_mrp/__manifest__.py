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

成套产品（套件类型的物料清单）的客诉：从套件的交货单开立客诉时列出实际交付的组件，经退货向导退回
组件，并按组件所代表的完整套件数冲销套件的发票行，绝不超过已开票数量。

成套產品（套件類型的物料清單）的客訴：從套件的出貨單開立客訴時列出實際交付的組件，經退貨精靈退回
組件，並依組件所代表的完整套件數沖銷套件的發票行，絕不超過已開票數量。
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
