"""A person in a real browser (headless Chromium): register, log out, log in, switch
language; every page visited is checked with axe-core. Exit 0 when all is well,
otherwise print what failed and exit 1. Usage: browser_check.py BASE_URL"""
import json, shutil, sys, tempfile, uuid
from pathlib import Path
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait
from axe_selenium_python import Axe

base = sys.argv[1].rstrip("/")
problems = []

options = webdriver.ChromeOptions()
for flag in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=390,844"]:
    options.add_argument(flag)
# A person from Bosnia: the browser asks for Bosnian, as the default page should answer.
options.add_experimental_option("prefs", {"intl.accept_languages": "bs,hr"})
options.binary_location = shutil.which("chromium") or shutil.which("chromium-browser") or ""
driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
driver.set_page_load_timeout(30)

def check(label):
    axe = Axe(driver)
    axe.inject()
    results = axe.run()
    for v in results["violations"]:
        if v.get("impact") in ("serious", "critical"):
            problems.append(f"axe {v['impact']} on {label} ({driver.current_url}): {v['id']}: {v['help']}")

def expect(condition, message):
    if not condition:
        problems.append(message + f" (at {driver.current_url})")

def link(text):
    """Clicks a link once the page that has it has loaded (again, if that page was still being replaced)."""
    for attempt in range(5):
        try:
            WebDriverWait(driver, 10).until(EC.element_to_be_clickable((By.LINK_TEXT, text))).click()
            return
        except StaleElementReferenceException:
            continue

def wait_for(predicate, message):
    """Waits for the browser to get there; navigation finishes on its own time."""
    try:
        WebDriverWait(driver, 10).until(lambda d: predicate())
    except Exception:
        problems.append(message + f" (at {driver.current_url})")

def language(name):
    """Opens the header's language menu and picks a language."""
    WebDriverWait(driver, 10).until(EC.element_to_be_clickable((By.CSS_SELECTOR, "nav.languages summary"))).click()
    link(name)

def lang():
    return driver.find_element(By.TAG_NAME, "html").get_attribute("lang")

def submit():
    driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()

def gone(element):
    """True once the page holding `element` has been replaced. While Chromium swaps documents
    it may answer with a stale-element error or an inspector error; both mean it is gone."""
    try:
        element.is_enabled()
        return False
    except Exception:
        return True

def submit_expecting(text, message):
    """Submits the page's form and waits for the answer to show `text`."""
    submit()
    wait_for(lambda: text in driver.page_source, message)

def fill(name, value):
    field = driver.find_element(By.NAME, name)
    if field.tag_name == "select":
        driver.find_element(By.CSS_SELECTOR, f"select[name='{name}'] option[value='{value}']").click()
    else:
        field.clear()
        field.send_keys(value)

try:
    driver.get(base + "/")
    expect(driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "bs", "start page is not in Bosnian")
    check("home")
    link("Općina Jajce")
    check("portal")
    link("Registracija")
    check("register")
    email = f"browser-{uuid.uuid4().hex[:8]}@example.org"
    fill("display_name", "Selma Browser"); fill("email", email); fill("password", "kratka")
    submit()
    wait_for(lambda: "najmanje 10 znakova" in driver.page_source, "short password was not refused with a message")
    check("register with error")
    fill("password", "sasvim-dovoljno-duga"); fill("language", "bs"); fill("time_zone", "Europe/Vienna")
    submit()
    wait_for(lambda: "/account/" in driver.current_url and email in driver.page_source, "registration did not reach the account page")
    check("account")
    driver.find_element(By.CSS_SELECTOR, "header form button").click()
    link("Prijava")
    check("login")
    fill("email", email); fill("password", "sasvim-dovoljno-duga")
    submit()
    wait_for(lambda: "/account/" in driver.current_url and "/login" not in driver.current_url, "login did not reach the account page")
    language("English")
    wait_for(lambda: lang() == "en", "language switch to English failed")
    expect("My account" in driver.page_source, "English page text missing")
    driver.get(base + "/kljuc/")
    expect(lang() == "en", "language choice was not remembered")
    language("Српски (ћирилица)")
    wait_for(lambda: lang() == "sr-Cyrl", "switch to Cyrillic failed")
    check("portal in Cyrillic")

    # Servis 48h: ask with a PDF attached, from the portal's button.
    language("Srpski (latinica)")
    wait_for(lambda: lang() == "sr-Latn", "switch to Latin failed")
    driver.get(base + "/jajce/")
    link("Postavite pitanje (Servis 48h)")
    check("ask form")
    pdf = Path(tempfile.mkdtemp()) / "izvod.pdf"
    pdf.write_bytes(b"%PDF-1.4\n%%EOF\n")
    fill("subject", ""); fill("body", "Treba mi izvod iz matične knjige rođenih.")
    driver.find_element(By.NAME, "attachments").send_keys(str(pdf))
    submit_expecting("error-summary", "an empty subject was not refused")
    check("ask form with errors")
    fill("subject", "Izvod iz MKR")
    driver.find_element(By.CSS_SELECTOR, "select[name='category'] option:nth-child(2)").click()
    driver.find_element(By.NAME, "attachments").send_keys(str(pdf))
    submit_expecting("JAJ-", "the question got no number")
    check("question sent")

    # E-matičar: a confirmed member abroad requests an extract; anyone checks a code.
    logout = driver.find_element(By.CSS_SELECTOR, "header form button")
    logout.click()
    WebDriverWait(driver, 10).until(lambda d: gone(logout))
    driver.get(base + "/account/login")
    WebDriverWait(driver, 10).until(EC.presence_of_element_located((By.NAME, "email")))
    fill("email", "clan@example.org"); fill("password", "clan-lozinka-2026")
    submit()
    wait_for(lambda: "/login" not in driver.current_url, "the member's sign-in did not land")
    driver.get(base + "/jajce/extracts/new")
    check("extract request form")
    fill("kind", "ciec_a"); fill("relation", "parent"); fill("given_name", "Šefika"); fill("surname", "Hadžić")
    fill("birth_date", "03-02-1961"); fill("birth_place", "Jajce"); fill("mother_name", "Zehra Hadžić")
    fill("language", "bs"); fill("delivery", "electronic"); fill("payment", "transfer"); fill("payment_reference", "DE-7781")
    submit_expecting("error-summary", "an empty purpose was not refused")
    check("extract request with errors")
    fill("purpose", "Standesamt München")
    submit_expecting("JAJ-EM-", "the request got no number")
    check("extract status")
    driver.get(base + "/jajce/extracts/check")
    check("are you in our books")
    fill("kind", "birth"); fill("given_name", "Šefika"); fill("surname", "Hadžić"); fill("birth_date", "03-02-1961")
    submit_expecting("Upis nije pronađen", "the presence check gave no answer")
    check("are you in our books, answered")
    driver.get(base + "/jajce/abroad/new")
    check("report an event abroad")
    driver.get(base + "/verify")
    check("verify")
    fill("code", "abc")
    submit_expecting("ABCD-EFGH", "a malformed code was not explained")
    check("verify with error")

    # Events: the member registers for Jajce's forum; the consent is required.
    driver.get(base + "/jajce/events")
    check("events calendar")
    driver.find_element(By.CSS_SELECTOR, "main .cards a").click()
    WebDriverWait(driver, 10).until(EC.presence_of_element_located((By.NAME, "participant_type")))
    check("event page")
    submit_expecting("q_photo", "the event page has no registration form")
    wait_for(lambda: "has-error" in driver.page_source, "a missing consent was not refused")
    check("event registration with errors")
    driver.find_element(By.CSS_SELECTOR, "input[name='q_photo'][value='yes']").click()
    submit()
    wait_for(lambda: "/events/tickets/" in driver.current_url and "<svg" in driver.page_source, "the registration did not reach its ticket with a QR code")
    check("ticket")
    ticket_code = driver.current_url.split("/events/tickets/")[1].split("?")[0]
    driver.find_element(By.CSS_SELECTOR, "main a[href*='/forum']").click()
    WebDriverWait(driver, 10).until(EC.presence_of_element_located((By.NAME, "sector")))
    check("forum matchmaking")

    # Outreach: projects, premises, news, radio, taking part — each page read and checked.
    for path, label in [("/jajce/projects", "projects"), ("/jajce/premises", "premises"), ("/jajce/news", "news"), ("/kljuc/radio", "radio"),
                        ("/kakanj/participate", "participation")]:
        driver.get(base + path)
        check(label)
    driver.find_element(By.CSS_SELECTOR, "main a[href*='/surveys/']").click()
    WebDriverWait(driver, 10).until(EC.presence_of_element_located((By.NAME, "group")))
    check("survey")

    # The officer's inbox and figures (after the sign-out has finished loading).
    logout = driver.find_element(By.CSS_SELECTOR, "header form button")
    logout.click()
    WebDriverWait(driver, 10).until(lambda d: gone(logout))
    driver.get(base + "/account/login")
    WebDriverWait(driver, 10).until(EC.presence_of_element_located((By.NAME, "email")))
    fill("email", "officer@jajce.zavicaj.test"); fill("password", "zavicaj-demo-2026")
    submit()
    wait_for(lambda: "/jajce/staff/" in driver.current_url, "the officer's sign-in did not land")
    driver.get(base + "/jajce/staff/inquiries")
    expect("<table" in driver.page_source, "the officer sees no inbox")
    check("inbox")
    driver.get(base + "/jajce/staff/inquiries/figures")
    check("figures")
    driver.get(base + "/jajce/staff/events")
    check("staff events")
    driver.find_element(By.CSS_SELECTOR, "main p a[href*='/staff/events/']").click()
    WebDriverWait(driver, 10).until(EC.presence_of_element_located((By.NAME, "session_room")))
    check("staff event")
    driver.find_element(By.CSS_SELECTOR, "main a[href$='/checkin']").click()
    WebDriverWait(driver, 10).until(EC.presence_of_element_located((By.NAME, "code")))
    fill("code", ticket_code)
    submit_expecting("Član Dijaspore", "the member's ticket was not checked in")
    check("check-in")

    # The protocol: register a letter by post, open it, see what waits on me.
    driver.get(base + "/jajce/staff/protocol")
    check("protocol")
    fill("party", "Udruženje dijaspore Jajce, Beč"); fill("subject", "Prijedlog saradnje")
    fill("channel", "post")
    driver.find_element(By.CSS_SELECTOR, "main form[enctype] button[type=submit]").click()
    wait_for(lambda: "/staff/protocol/" in driver.current_url and "-1/" in driver.page_source, "the letter got no protocol number")
    check("protocol document")
    driver.get(base + "/jajce/staff/protocol/mine")
    check("protocol waiting on me")
    driver.get(base + "/jajce/staff/protocol/cases")
    check("case files")
    for path in ["/jajce/staff/newsletters", "/jajce/staff/media", "/jajce/staff/radio", "/jajce/staff/projects", "/jajce/staff/premises",
                 "/jajce/staff/knowledge", "/jajce/staff/participation"]:
        driver.get(base + path)
        check(path)
finally:
    driver.quit()

print(json.dumps({"problems": problems}, ensure_ascii=False))
sys.exit(1 if problems else 0)
