# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Quality Complaints",
    "version": "19.0.1.4.0",
    "summary": "Customer complaints from sales, deliveries and invoices, "
    "with returns, replacements, refunds and compensation",
    "description": """
Customer complaints handled the ISO 10002 / IATF 16949 way, inside the sales, inventory and
accounting apps you already use.

* Open a complaint from a sales order, a delivery or an invoice; lines are checked against
  what was delivered (products, quantities, lots).
* Return, replace, refund or compensate through Odoo's own return pickings, deliveries,
  credit notes and approvals; never refunded twice.
* Response clock in working days (acknowledge, action plan, verification, closure) with
  reminders and escalation; key-account policies.
* Customer portal, team mail aliases, printable report and complaint register.
* Liability split and cost recovery from suppliers and carriers.
* Manager dashboard: KPIs, Pareto of causes, trend and control chart; cost of complaints.

从销售订单、交货单或发票一键开立客诉，按类别分派给质量、物流或客服团队；按 ISO 10002 / IATF 1694
9 流程受理、调查、判定责任、处理并由客户确认；退货、换货、贷项通知单和索赔补偿都使用 Odoo 自己的
库存和会计单据；工作时间计时、提醒与升级、客户门户、看板与 KPI 仪表板。

從銷售訂單、出貨單或發票一鍵開立客訴，依類別分派給品質、物流或客服團隊；依 ISO 10002 / IATF 1694
9 流程受理、調查、判定責任、處理並由客戶確認；退貨、換貨、貸記單與索賠補償皆使用 Odoo 自身的庫存
與會計單據；工作時間計時、提醒與升級、客戶入口網站、看板與 KPI 儀表板。
""",
    "category": "Sales/Quality",
    "author": "Quality Complaints for Odoo",
    "website": "https://github.com/quality-complaints/odoo-quality-complaints",
    "license": "LGPL-3",
    "application": True,
    "depends": ["sale_stock", "purchase_stock", "portal", "base_automation"],
    "data": [
        "security/quality_complaint_groups.xml",
        "security/quality_complaint_security.xml",
        "security/ir.model.access.csv",
        "data/ir_sequence_data.xml",
        "data/mail_activity_type_data.xml",
        "data/mail_template_data.xml",
        "data/quality_complaint_stage_data.xml",
        "data/quality_complaint_team_data.xml",
        "data/quality_complaint_category_data.xml",
        "data/quality_complaint_defect_data.xml",
        "data/product_data.xml",
        "data/quality_complaint_policy_data.xml",
        "data/quality_complaint_customer_profile_data.xml",
        "data/ir_cron_data.xml",
        "data/base_automation_data.xml",
        "data/mail_alias_data.xml",
        "views/quality_complaint_stage_views.xml",
        "views/quality_complaint_team_views.xml",
        "views/quality_complaint_category_views.xml",
        "views/quality_complaint_tag_views.xml",
        "views/quality_complaint_defect_views.xml",
        "views/quality_complaint_policy_views.xml",
        "views/quality_complaint_customer_profile_views.xml",
        "views/quality_complaint_lesson_views.xml",
        "report/quality_complaint_dashboard_views.xml",
        "wizards/quality_complaint_remedy_wizard_views.xml",
        "wizards/quality_complaint_recovery_wizard_views.xml",
        "wizards/quality_complaint_close_wizard_views.xml",
        "wizards/quality_complaint_confirmation_wizard_views.xml",
        "wizards/quality_complaint_inspection_wizard_views.xml",
        "wizards/quality_complaint_record_wizard_views.xml",
        "wizards/quality_complaint_review_wizard_views.xml",
        "views/quality_complaint_views.xml",
        "views/quality_complaint_compensation_views.xml",
        "views/quality_complaint_recovery_views.xml",
        "views/quality_complaint_external_review_views.xml",
        "views/quality_complaint_feedback_views.xml",
        "views/res_config_settings_views.xml",
        "views/base_automation_views.xml",
        "views/sale_order_views.xml",
        "views/stock_picking_views.xml",
        "views/account_move_views.xml",
        "report/quality_complaint_cost_report_views.xml",
        "report/quality_complaint_reports.xml",
        "report/quality_complaint_templates.xml",
        "report/quality_complaint_review_reports.xml",
        "report/quality_complaint_review_templates.xml",
        "views/quality_complaint_portal_templates.xml",
        "views/quality_complaint_feedback_portal_templates.xml",
        "views/quality_complaint_menus.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "quality_complaint/static/src/dashboard/*",
            "quality_complaint/static/src/recurrence/*",
        ],
        "web.assets_tests": [
            "quality_complaint/static/tests/tours/*.js",
        ],
    },
    "demo": [
        "demo/res_users_demo.xml",
        "demo/quality_complaint_demo.xml",
        "demo/sale_order_demo.xml",
        "demo/quality_complaint_story_demo.xml",
        "demo/quality_complaint_process_demo.xml",
        "demo/quality_complaint_feedback_demo.xml",
        "demo/quality_complaint_webhook_demo.xml",
        "demo/quality_complaint_customer_profile_demo.xml",
    ],
    "images": [
        "static/description/screenshot_kanban.png",
        "static/description/screenshot_form.png",
        "static/description/screenshot_dashboard.png",
        "static/description/screenshot_portal.png",
        "static/description/screenshot_form_zh_CN.png",
        "static/description/screenshot_dashboard_zh_CN.png",
    ],
    "installable": True,
}
