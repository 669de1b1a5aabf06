#!/usr/bin/env python3
"""Drives Zavičaj's Open311 GeoReport v2 endpoint with the independent `georeport`
client from PyPI (reads) and plain `requests` (posting, which georeport does not do).
Usage: open311_check.py BASE_URL JURISDICTION API_KEY. Exits non-zero on the first failure."""
import sys
import requests
from georeport import GeoReport

base, jurisdiction, key = sys.argv[1] + "/open311/v2", sys.argv[2], sys.argv[3]

def check(condition, message):
    if not condition:
        print("FAIL:", message)
        sys.exit(1)
    print("ok:", message)

for fmt in ("json", "xml"):
    client = GeoReport(base, jurisdiction=jurisdiction, output_format=fmt)
    services = client.get_service_list()
    services = services if isinstance(services, list) else [services]
    codes = [s["service_code"] for s in services]
    check("documents" in codes and "investment" in codes, f"{fmt}: services are the categories {codes}")
    definition = client.get_service_definition("documents")
    check(definition["service_code"] == "documents", f"{fmt}: service definition")

denied = requests.post(f"{base}/requests.json", data={"jurisdiction_id": jurisdiction, "service_code": "documents",
                                                       "description": "x", "email": "a@example.org"})
check(denied.status_code == 403 and denied.json()[0]["code"] == 403 and denied.json()[0]["description"], "no api_key: 403 in the standard's error form")
invalid = requests.post(f"{base}/requests.json", data={"jurisdiction_id": jurisdiction, "api_key": key, "service_code": "nope",
                                                        "description": "x", "email": "a@example.org"})
check(invalid.status_code == 400 and "category" in invalid.json()[0]["description"], "unknown service_code: 400")
created = requests.post(f"{base}/requests.json", data={
    "jurisdiction_id": jurisdiction, "api_key": key, "service_code": "documents", "lat": "44.3417", "long": "17.2700",
    "address_string": "Jajce", "email": "asker@example.org", "first_name": "Lejla", "last_name": "M",
    "description": "Kako dobiti uvjerenje o državljanstvu?\nŽivim u Beču."})
check(created.status_code == 201, f"request created: {created.text}")
request_id = created.json()[0]["service_request_id"]
token = created.json()[0]["token"]
check(request_id.startswith("JAJ-"), f"the id is the inquiry number {request_id}")
created_xml = requests.post(f"{base}/requests.xml", data={"jurisdiction_id": jurisdiction, "api_key": key, "service_code": "investment",
                                                          "email": "b@example.org", "description": "Poslovna zona?"})
check(created_xml.status_code == 201 and "<service_request_id>" in created_xml.text, "request created in XML")

for fmt in ("json", "xml"):
    client = GeoReport(base, jurisdiction=jurisdiction, output_format=fmt)
    one = client.get_service_request(request_id)
    check(one["service_request_id"] == request_id and one["status"] == "open", f"{fmt}: one request, open")
    check("description" not in one, f"{fmt}: no one's words without a key")
    check(one["service_code"] == "documents" and one["expected_datetime"], f"{fmt}: service and expected time")
    many = client.get_service_requests(status="open", service_code="documents")
    many = many if isinstance(many, list) else [many]
    check([r["service_request_id"] for r in many] == [request_id], f"{fmt}: filtered by status and service")
    if fmt == "json":  # georeport cannot read an empty XML list; that case is checked raw below
        check(client.get_service_requests(status="closed") == [], f"{fmt}: nothing closed yet")
empty = requests.get(f"{base}/requests.xml", params={"jurisdiction_id": jurisdiction, "status": "closed"})
check(empty.status_code == 200 and "<service_requests></service_requests>" in empty.text, "xml: an empty list")

by_ids = requests.get(f"{base}/requests.json", params={"jurisdiction_id": jurisdiction, "service_request_id": request_id, "api_key": key}).json()
check(by_ids[0]["description"].startswith("Kako dobiti"), "a key of the jurisdiction sees the description")
tokens = requests.get(f"{base}/tokens/{token}.json", params={"jurisdiction_id": jurisdiction}).json()
check(tokens[0]["service_request_id"] == request_id, "token resolves to the request")
missing = requests.get(f"{base}/services.json", params={"jurisdiction_id": "atlantis"})
check(missing.status_code == 404 and missing.json()[0]["code"] == 404, "unknown jurisdiction: 404 in the standard's form")
no_jurisdiction = requests.get(f"{base}/services.xml")
check(no_jurisdiction.status_code == 400 and "<errors><error><code>400</code>" in no_jurisdiction.text, "missing jurisdiction: XML error")
print("REQUEST", request_id)
