"""Walks every page each role can reach by following links, in headless Chromium at phone size,
and checks each with axe-core. A problem is a serious or critical axe violation, a link that
ends on an error page, or a page wider than the phone (the whole page scrolling sideways).
Exit 0 when all is well, otherwise print the problems and exit 1.

Usage: axe_walk.py BASE_URL SETUP_JSON, where SETUP_JSON names the municipalities' slugs and maps
each role's name to a web session token (or null for an anonymous visitor) and where it starts:
{"slugs": ["jajce", ...], "roles": {"officer": {"token": "...", "start": ["/staff"]}, ...}}

Pages are told apart by their path with every identifier (a segment holding a digit) and every
municipality's slug replaced by "*", and without the query; each such pattern is checked once
per role, so a list of 500 questions costs one visit to a question, not 500, and a platform
admin's four municipalities one visit to each kind of page."""
import json, re, shutil, sys, time
from collections import deque
from urllib.parse import urljoin, urlparse
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from axe_selenium_python import Axe

base = sys.argv[1].rstrip("/")
setup = json.loads(sys.argv[2])
roles, slugs = setup["roles"], set(setup["slugs"])
PER_ROLE = 160
# Files, machine formats and the language switch are not pages to walk.
SKIP = re.compile(r"(\.(pdf|csv|ics|json|xml|atom|png|svg|zip)$)|^/(api|lang|static|healthz|openapi)|/(export|download|feed)|/files/")

options = webdriver.ChromeOptions()
for flag in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=390,844"]:
    options.add_argument(flag)
# A phone's viewport (a headless window is never narrower than 500 px).
options.add_experimental_option("mobileEmulation", {"deviceMetrics": {"width": 390, "height": 844, "pixelRatio": 3}})
options.add_experimental_option("prefs", {"intl.accept_languages": "bs"})
options.binary_location = shutil.which("chromium") or shutil.which("chromium-browser") or ""
driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
driver.set_page_load_timeout(30)
problems, visited = [], {}


def pattern(path):
    return "/".join("*" if re.search(r"\d", part) or part in slugs else part for part in path.split("?")[0].split("/"))


def links():
    found = []
    for anchor in driver.find_elements(By.CSS_SELECTOR, "a[href]"):
        href = anchor.get_attribute("href") or ""
        url = urlparse(urljoin(driver.current_url, href))
        if url.netloc != urlparse(base).netloc or SKIP.search(url.path):
            continue
        found.append(url.path + ("?" + url.query if url.query else ""))
    return found


def check(role, path):
    driver.get(base + path)
    title = driver.title
    error = driver.find_elements(By.CSS_SELECTOR, "h1[data-error]")
    if error:
        problems.append(f"{role}: {path} answers {error[0].get_attribute('data-error')} ({title})")
        return []
    width, screen = driver.execute_script("return [document.documentElement.scrollWidth, window.innerWidth]")
    if width > screen:
        problems.append(f"{role}: {path} is {width} px wide on a {screen} px phone")
    axe = Axe(driver)
    axe.inject()
    for violation in axe.run()["violations"]:
        if violation.get("impact") in ("serious", "critical"):
            targets = ", ".join(str(node["target"]) for node in violation["nodes"][:3])
            problems.append(f"{role}: axe {violation['impact']} {violation['id']} on {path}: {targets}")
    return links()


started = time.time()
try:
    for role, setup in roles.items():
        driver.delete_all_cookies()
        driver.get(base + "/healthz")
        if setup.get("token"):
            driver.add_cookie({"name": "zv_session", "value": setup["token"], "path": "/"})
        seen, queue, count = set(), deque(setup["start"]), 0
        while queue and count < PER_ROLE:
            path = queue.popleft()
            key = pattern(path)
            if key in seen:
                continue
            seen.add(key)
            count += 1
            queue.extend(check(role, path))
        visited[role] = count
        if queue and count >= PER_ROLE:
            problems.append(f"{role}: stopped after {PER_ROLE} pages with {len(queue)} links left")
finally:
    driver.quit()

print(json.dumps({"pages": visited, "seconds": round(time.time() - started), "problems": problems}, ensure_ascii=False, indent=1))
sys.exit(1 if problems else 0)
