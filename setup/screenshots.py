# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Screenshots of the main screens from a running Odoo with the demo data, through
Debian's chromium and its DevTools protocol (websocket-client is in the project's
virtualenv). Run by setup/screenshots, which starts the server."""

import argparse
import base64
import http.cookiejar
import json
import shutil
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

import websocket

WIDTH, HEIGHT = 1440, 900
# (addon, file, user, url built from the record ids, CSS selector that shows it loaded,
#  (width, height), JavaScript run before the capture: opens a tab)
SHOTS = [
    (
        "quality_complaint",
        "screenshot_kanban.png",
        "admin",
        "/odoo/action-quality_complaint.quality_complaint_action",
        ".o_kanban_renderer .o_kanban_record",
        (1920, HEIGHT),
        "",
    ),
    (
        "quality_complaint",
        "screenshot_form.png",
        "admin",
        "/odoo/action-quality_complaint.quality_complaint_action/{complaint}",
        ".o_form_view .o_statusbar_status",
        (WIDTH, 1000),
        "",
    ),
    (
        "quality_complaint",
        "screenshot_dashboard.png",
        "admin",
        "/odoo/action-quality_complaint.quality_complaint_dashboard_action",
        ".o_complaint_dashboard canvas",
        (WIDTH, 960),
        "",
    ),
    (
        "quality_complaint",
        "screenshot_portal.png",
        "portal",
        "/my/complaints",
        "table.table",
        (WIDTH, 700),
        "",
    ),
    (
        "quality_complaint_capa",
        "screenshot_8d.png",
        "admin",
        "/odoo/action-quality_complaint_capa.quality_8d_report_action/{eightd}",
        ".o_form_view .o_statusbar_status",
        (WIDTH, 1100),
        "document.querySelector('.o_notebook a[name=\"d4\"]').click()",
    ),
    (
        "quality_complaint_survey",
        "screenshot_satisfaction.png",
        "admin",
        "/odoo/action-quality_complaint.quality_complaint_action/{rated}",
        ".o_form_view .o_statusbar_status",
        (WIDTH, HEIGHT),
        "",
    ),
    # The same screens for a Chinese user: admin's language is switched to Simplified
    # Chinese (loaded by setup/screenshots) before these.
    (
        "quality_complaint",
        "screenshot_form_zh_CN.png",
        "admin",
        "/odoo/action-quality_complaint.quality_complaint_action/{complaint}",
        ".o_form_view .o_statusbar_status",
        (WIDTH, 1000),
        "",
    ),
    (
        "quality_complaint",
        "screenshot_dashboard_zh_CN.png",
        "admin",
        "/odoo/action-quality_complaint.quality_complaint_dashboard_action",
        ".o_complaint_dashboard canvas",
        (WIDTH, 960),
        "",
    ),
]
CHINESE = "zh_CN"
# Records shown, by XML id of the demo data.
RECORDS = {
    "complaint": "quality_complaint.complaint_c01_demo",
    "eightd": "quality_complaint_capa.quality_8d_report_demo",
    "rated": "quality_complaint.complaint_h13_demo",
}
PASSWORDS = {"admin": "admin", "portal": "portal"}


class Session:
    """An Odoo web session of one user, for its cookie and JSON-RPC calls."""

    def __init__(self, url, db, login):
        self.url = url
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.uid = self.call(
            "/web/session/authenticate", db=db, login=login, password=PASSWORDS[login]
        )["uid"]

    def call(self, path, **params):
        body = json.dumps({"jsonrpc": "2.0", "method": "call", "params": params}).encode()
        request = urllib.request.Request(
            self.url + path, body, {"Content-Type": "application/json"}
        )
        with self.opener.open(request, timeout=60) as response:
            reply = json.load(response)
        if "error" in reply:
            raise RuntimeError(reply["error"])
        return reply["result"]

    def res_id(self, xmlid):
        module, name = xmlid.split(".")
        rows = self.call(
            "/web/dataset/call_kw",
            model="ir.model.data",
            method="search_read",
            args=[[("module", "=", module), ("name", "=", name)], ["res_id"]],
            kwargs={},
        )
        if not rows:
            raise SystemExit(f"{xmlid} is not in the demo data")
        return rows[0]["res_id"]

    def set_lang(self, lang):
        """The user's own language, as the preferences dialog sets it (read at page load)."""
        self.call(
            "/web/dataset/call_kw",
            model="res.users",
            method="write",
            args=[[self.uid], {"lang": lang}],
            kwargs={},
        )

    @property
    def session_id(self):
        return next(c.value for c in self.jar if c.name == "session_id")


class Browser:
    """Headless chromium driven over the DevTools protocol."""

    def __init__(self):
        self.profile = tempfile.mkdtemp(prefix="qc-chromium-")
        self.process = subprocess.Popen(
            [
                shutil.which("chromium") or "chromium",
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
                "--no-first-run",
                "--remote-debugging-port=0",
                f"--user-data-dir={self.profile}",
                f"--window-size={WIDTH},{HEIGHT}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        port_file = Path(self.profile, "DevToolsActivePort")
        for _ in range(100):
            if port_file.exists() and port_file.read_text().strip():
                break
            time.sleep(0.1)
        port = port_file.read_text().split()[0]
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10) as r:
            page = next(t for t in json.load(r) if t["type"] == "page")
        self.ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=60)
        self.next_id = 0

    def send(self, method, **params):
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})

    def evaluate(self, expression):
        result = self.send("Runtime.evaluate", expression=expression, returnByValue=True)
        return result.get("result", {}).get("value")

    def shoot(self, url, selector, size, script, path):
        self.send(
            "Emulation.setDeviceMetricsOverride",
            width=size[0],
            height=size[1],
            deviceScaleFactor=1,
            mobile=False,
        )
        self.send("Page.navigate", url=url)
        check = (
            f"!!document.querySelector({json.dumps(selector)}) && "
            "!document.querySelector('.o_loading_indicator, .o_blockUI')"
        )
        deadline = time.time() + 180  # a busy 2-core machine renders slowly
        while not self.evaluate(check):
            if time.time() > deadline:
                failed = Path(tempfile.gettempdir(), f"failed_{path.name}")
                data = self.send("Page.captureScreenshot", format="png")["data"]
                failed.write_bytes(base64.b64decode(data))
                raise SystemExit(f"{url}: {selector} never showed (see {failed})")
            time.sleep(0.3)
        if script:
            self.evaluate(script)
        time.sleep(2)  # tabs open, charts and images finish drawing
        data = self.send("Page.captureScreenshot", format="png")["data"]
        path.write_bytes(base64.b64decode(data))
        print(f"wrote {path}")

    def close(self):
        self.ws.close()
        self.process.terminate()
        self.process.wait(10)
        shutil.rmtree(self.profile, ignore_errors=True)


def wait_for_server(url):
    """The server answers its health check, or the script stops after a minute."""
    for _ in range(120):
        try:
            with urllib.request.urlopen(url + "/web/health", timeout=5):
                return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"no Odoo answers at {url}")


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--repo", required=True, type=Path)
    args = parser.parse_args()
    wait_for_server(args.url)
    sessions = {login: Session(args.url, args.db, login) for login in PASSWORDS}
    ids = {key: sessions["admin"].res_id(xmlid) for key, xmlid in RECORDS.items()}
    browser = Browser()
    try:
        browser.send("Network.enable")
        for addon, name, login, path, selector, size, script in SHOTS:
            browser.send("Network.clearBrowserCookies")
            browser.send(
                "Network.setCookie",
                name="session_id",
                value=sessions[login].session_id,
                url=args.url,
            )
            if name.endswith(f"_{CHINESE}.png"):
                sessions["admin"].set_lang(CHINESE)
            target = args.repo / addon / "static" / "description" / name
            browser.shoot(args.url + path.format(**ids), selector, size, script, target)
    finally:
        browser.close()


if __name__ == "__main__":
    main()
