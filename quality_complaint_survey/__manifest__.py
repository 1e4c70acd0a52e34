# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Quality Complaints: Satisfaction Surveys",
    "version": "19.0.1.0.0",
    "summary": "Satisfaction surveys after complaint closure, callbacks and KPIs",
    "description": """
Customer satisfaction after a complaint is closed: a survey sent on closure, a five-level
rating on the complaint, re-processing when the customer is dissatisfied, callbacks,
periodic satisfaction campaigns and satisfaction KPIs on the complaint dashboard.

客诉关闭后，使用 Odoo 调查应用向客户发送满意度调查并安排回访；不满意的答复会重新打开客诉；满意度
 KPI 显示在仪表板上。

客訴結案後，使用 Odoo 問卷應用向客戶發送滿意度調查並安排回訪；不滿意的回覆會重新開啟客訴；滿意度
 KPI 顯示於儀表板上。
""",
    "category": "Sales/Quality",
    "author": "Quality Complaints for Odoo",
    "website": "https://github.com/quality-complaints/odoo-quality-complaints",
    "license": "LGPL-3",
    "depends": ["quality_complaint", "survey"],
    "data": [
        "security/ir.model.access.csv",
        "security/quality_complaint_survey_security.xml",
        "data/survey_data.xml",
        "data/quality_complaint_survey_data.xml",
        "views/quality_complaint_survey_views.xml",
        "views/quality_complaint_survey_portal_templates.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "quality_complaint_survey/static/tests/tours/*.js",
        ],
    },
    "demo": ["demo/quality_complaint_survey_demo.xml"],
    "images": [
        "static/description/screenshot_satisfaction.png",
    ],
    "installable": True,
}
