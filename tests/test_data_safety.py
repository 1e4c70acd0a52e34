# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Upgrading the addons keeps every record; uninstalling them keeps the pickings and credit
notes their remedies made, done, posted and balanced.

Module operations are not transactional, so they run in `odoo-bin shell` on a throwaway copy
of the template database that setup/test names in QC_TEMPLATE (data_safety_scenario.py)."""

import json
import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

import odoo
from odoo.tools import config

TEMPLATE = os.environ.get("QC_TEMPLATE")
SCENARIO = Path(__file__).with_name("data_safety_scenario.py")


# Queues of derived data: the dashboard's logs of what changed since it was summarised,
# which grow with changes and are consumed when the summaries are counted again (an
# upgrade counts the summaries that are still empty).
QUEUES = {
    "quality.complaint.summary.change",
    "quality.complaint.daily.change",
    "quality.complaint.customer.change",
}


def _lost(before, after):
    """{model: (count before, count after)} of the models that lost records."""
    return {
        model: (count, after.get(model, 0))
        for model, count in before.items()
        if after.get(model, 0) < count and model not in QUEUES
    }


@pytest.fixture
def database():
    """A copy of the template (database and filestore), dropped afterwards."""
    name = f"qc_safety_{uuid.uuid4().hex[:8]}"
    # Copying refuses while another run copies the same template: wait and retry.
    for attempt in range(10):
        created = subprocess.run(["createdb", "-T", TEMPLATE, name], check=False)
        if created.returncode == 0:
            break
        time.sleep(1 + attempt)
    else:
        pytest.fail(f"cannot copy the template {TEMPLATE}")
    filestore = Path(config["data_dir"]) / "filestore"
    if (filestore / TEMPLATE).is_dir():
        shutil.copytree(filestore / TEMPLATE, filestore / name)
    try:
        yield name
    finally:
        subprocess.run(["dropdb", "--if-exists", "--force", name], check=False)
        shutil.rmtree(filestore / name, ignore_errors=True)


@pytest.mark.skipif(not TEMPLATE, reason="needs the template database of setup/test")
def test_upgrade_and_uninstall_keep_every_record_and_document(database):
    odoo_bin = Path(odoo.__path__[0]).parent / "odoo-bin"
    done = subprocess.run(
        [
            sys.executable,
            str(odoo_bin),
            "shell",
            "-c",
            config["config"],
            "-d",
            database,
            "--no-http",
            "--log-level=warn",
        ],
        input=SCENARIO.read_text(),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    lines = [ln for ln in done.stdout.splitlines() if ln.startswith("QC_RESULT ")]
    assert lines, f"the scenario failed:\n{done.stdout[-3000:]}\n{done.stderr[-6000:]}"
    result = json.loads(lines[-1].removeprefix("QC_RESULT "))
    before, upgraded = result["before"], result["upgraded"]

    # Upgrade: every record of every model is still there, documents unchanged.
    assert before["counts"]["quality.complaint"] >= 1
    assert before["counts"]["quality.8d.report"] >= 1
    assert before["counts"]["quality.8d.evidence"] >= 1
    assert upgraded["documents"] == before["documents"]
    assert _lost(before["counts"], upgraded["counts"]) == {}

    # Without the 8D and survey addons: the core's records and the documents are kept.
    kept = result["without_extensions"]
    extension_data = result["extension_data"]
    core = {
        model: n - extension_data.get(model, 0)
        for model, n in before["counts"].items()
        if model in kept["counts"]
    }
    assert _lost(core, kept["counts"]) == {}
    assert "quality.8d.report" not in kept["counts"]
    assert kept["documents"] == before["documents"]

    # Without the core: the pickings are done, the credit notes posted and balanced.
    gone = result["without_core"]
    assert set(gone["states"].values()) == {"uninstalled"}
    assert gone["documents"] == before["documents"]
    pickings, moves = before["documents"]["pickings"], before["documents"]["moves"]
    assert len(pickings) == 2 and all(state == "done" for _id, state, _qty in pickings)
    assert len(moves) == 2
    for _id, state, move_type, total, balance, debit, _reversed in moves:
        assert (state, move_type) == ("posted", "out_refund")
        assert total > 0 and debit > 0 and balance == 0
