# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Cross-addon test cases live outside any addon: give them the tags Odoo's
test classes get from their addon's module path, so pytest-odoo can run them."""


def pytest_pycollect_makeitem(collector, name, obj):
    from odoo.tests.common import BaseCase

    if isinstance(obj, type) and issubclass(obj, BaseCase) and "test_tags" not in vars(obj):
        obj.test_tags = {"standard", "post_install"}
        obj.test_module = "quality_complaint"
