"""The html report in a real browser: Debian's chromium, headless, driven by
chromedriver through Selenium. A project whose every text is hostile
(<script>, an onerror attribute, </style>, ]]>, javascript:, bidi controls,
a link to a local server) renders with no script run, no request made but
the file itself, and the text shown literally; printing gives a PDF; full-page
screenshots at phone and desktop width are written under the build folder
(report-screenshots/) for a person to look at. The whole test is bounded:
a watchdog ends it after 60 seconds."""
import base64
import os
import signal
import socket
import threading
import unittest
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

from helpers import BIN, ScratchTest, base_env
from report_support import make_pspm, HOSTILE, give_history, make_hostile

SHOTS = Path(BIN).resolve().parent / "report-screenshots"
LIMIT = 60


class Listener:
    """A TCP server on 127.0.0.1:0 that counts connections: a request the page makes would reach it."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.hits = 0
        self.stop = False
        self.thread = threading.Thread(target=self.loop, daemon=True)
        self.thread.start()

    def loop(self):
        while not self.stop:
            try:
                conn, _ = self.sock.accept()
                self.hits += 1
                conn.close()
            except OSError:
                pass

    def close(self):
        self.stop = True
        self.thread.join(2)
        self.sock.close()


def chrome(width, height):
    opts = webdriver.ChromeOptions()
    opts.binary_location = "/usr/bin/chromium"
    for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars",
              "--no-first-run", "--disable-extensions", "--disable-background-networking", "--disable-sync",
              f"--window-size={width},{height}", "--force-device-scale-factor=1"):
        opts.add_argument(a)
    opts.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)
    driver.set_page_load_timeout(20)
    driver.set_script_timeout(10)
    return driver


def requests_made(driver):
    import json
    urls = []
    for entry in driver.get_log("performance"):
        msg = json.loads(entry["message"])["message"]
        if msg["method"] == "Network.requestWillBeSent":
            urls.append(msg["params"]["request"]["url"])
    return urls


def full_page(driver, width, path):
    height = driver.execute_script("return Math.ceil(document.documentElement.scrollHeight)")
    driver.set_window_size(width, min(max(height, 600), 16000))
    driver.save_screenshot(str(path))


class BrowserTest(ScratchTest):
    def setUp(self):
        super().setUp()
        signal.signal(signal.SIGALRM, self.timeout)
        signal.alarm(LIMIT)
        SHOTS.mkdir(parents=True, exist_ok=True)
        self.listener = Listener()

    def tearDown(self):
        signal.alarm(0)
        self.listener.close()
        super().tearDown()

    @staticmethod
    def timeout(signum, frame):
        raise TimeoutError(f"the browser test took more than {LIMIT} s")

    def test_hostile_project_in_chromium(self):
        hostile = HOSTILE.replace("127.0.0.1:9", f"127.0.0.1:{self.listener.port}")
        import report_support
        report_support.HOSTILE = hostile
        p = make_hostile(self)
        html = self.tmp / "hostile.html"
        self.ok("report", "--format", "html", "-o", str(html), cwd=p)
        driver = chrome(390, 844)
        try:
            driver.get(html.as_uri())
            self.assertIsNone(driver.execute_script("return window.__pwned === undefined ? null : window.__pwned"))
            self.assertEqual(driver.find_elements(By.TAG_NAME, "script"), [])
            self.assertEqual(driver.find_elements(By.TAG_NAME, "img"), [])
            self.assertEqual(driver.find_elements(By.CSS_SELECTOR, "a[href^='http'], a[href^='javascript']"), [])
            literal = hostile.replace("\u202e", "[U+202E]").replace("\u202c", "[U+202C]")
            h1 = driver.find_element(By.TAG_NAME, "h1").get_attribute("textContent")
            self.assertEqual(h1, "Hostile " + literal)
            cells = [td.get_attribute("textContent") for td in driver.find_elements(By.CSS_SELECTOR, "#traceability td")]
            self.assertIn("Feedback " + literal, cells)
            # The stylesheet survived "</style>" in the values: the page is styled.
            self.assertEqual(driver.execute_script(
                "return getComputedStyle(document.querySelector('header.top')).borderBottomStyle"), "solid")
            full_page(driver, 390, SHOTS / "hostile-phone.png")
            pdf = base64.b64decode(driver.print_page())
            self.assertTrue(pdf.startswith(b"%PDF-"), pdf[:20])
            (SHOTS / "hostile.pdf").write_bytes(pdf)
            self.assertEqual([u for u in requests_made(driver) if not u.startswith("file://")], [])
        finally:
            driver.quit()
        self.assertEqual(self.listener.hits, 0)

    def test_example_report_at_phone_and_desktop_width(self):
        p = make_pspm(self)
        give_history(p)
        html = self.tmp / "pspm.html"
        self.ok("report", "--format", "html", "-o", str(html), cwd=p,
                env=base_env(HOME=str(self.tmp), SOURCE_DATE_EPOCH="1771927200"))
        for name, width, height in (("phone", 390, 844), ("desktop", 1280, 900)):
            driver = chrome(width, height)
            try:
                driver.get(html.as_uri())
                # Nothing wider than the screen but what scrolls inside its own box (tables, charts).
                overflow = driver.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
                self.assertLessEqual(overflow, 0, name)
                full_page(driver, width, SHOTS / f"pspm-{name}.png")
                if name == "desktop":
                    pdf = base64.b64decode(driver.print_page())
                    self.assertTrue(pdf.startswith(b"%PDF-"))
                    (SHOTS / "pspm.pdf").write_bytes(pdf)
                self.assertEqual([u for u in requests_made(driver) if not u.startswith("file://")], [])
            finally:
                driver.quit()
        self.assertTrue((SHOTS / "pspm-phone.png").stat().st_size > 10000)


if __name__ == "__main__":
    unittest.main()
