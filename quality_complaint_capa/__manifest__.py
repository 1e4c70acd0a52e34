# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Quality Complaints: 8D and CAPA",
    "version": "19.0.1.0.0",
    "summary": "8D reports and corrective / preventive actions for customer complaints",
    "description": """
8D problem solving (D0 to D8) and corrective / preventive actions for customer complaints:
containment across the chain (suspect lots and sibling lots on hand, in transit and at
customers: quarantine, hold, customer notice), root causes by 6M, a clock per discipline, review and
approval, effectiveness checks, repeat-complaint detection, the 8D report in the customer's
language and on the customer portal, and supplier 8D requests.

公司负责的质量客诉按 8D（D0 至 D8）解决：全链围堵（客诉批次及同源批次的在库、在途和已交付客户）
、按 6M 分析根本原因、每个步骤计时、审核与批准、有效性验证、重复客诉识别，以客户语言出具 8D 报告
并发布在客户门户；也可向供应商发出 8D 要求。

公司負責的品質客訴依 8D（D0 至 D8）解決：全鏈圍堵（客訴批次及同源批次的在庫、在途與已交付客戶）
、依 6M 分析根本原因、每個步驟計時、審核與核准、有效性驗證、重複客訴識別，以客戶語言出具 8D 報告
並發佈於客戶入口網站；亦可向供應商發出 8D 要求。
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
        "data/mail_template_data.xml",
        "data/mail_activity_type_data.xml",
        "wizards/quality_8d_reject_wizard_views.xml",
        "wizards/quality_8d_close_early_wizard_views.xml",
        "views/quality_8d_report_views.xml",
        "views/res_config_settings_views.xml",
        "views/quality_complaint_recovery_views.xml",
        "views/quality_complaint_customer_profile_views.xml",
        "views/quality_8d_portal_templates.xml",
        "views/stock_picking_views.xml",
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
        "demo/quality_complaint_customer_profile_demo.xml",
        "demo/quality_8d_evidence_demo.xml",
        "demo/quality_8d_containment_demo.xml",
        "demo/quality_complaint_recurrence_demo.xml",
    ],
    "images": [
        "static/description/screenshot_8d.png",
    ],
    "installable": True,
}
