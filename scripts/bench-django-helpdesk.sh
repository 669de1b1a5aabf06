#!/usr/bin/env bash
# Servis 48h against django-helpdesk, measured the same way in the same run:
# django-helpdesk (PyPI) in a virtualenv, 2 gunicorn workers, SQLite in WAL mode, its REST
# API creating tickets at 16 connections; then Zavičaj's submissions at 16 and 64 connections.
# The same load generator (`zavicaj bench load`) drives both. Needs python3-venv and network for pip.
set -euo pipefail
cd "$(dirname "$0")/.."
work="${BENCH_DIR:-.bench/django-helpdesk}"
seconds="${SECONDS_PER_RUN:-10}"
port=8765
mkdir -p "$work/site"
[ -x "$work/venv/bin/python" ] || python3 -m venv "$work/venv"
"$work/venv/bin/pip" install -q --disable-pip-version-check django-helpdesk gunicorn

cat > "$work/site/settings.py" <<'PY'
from pathlib import Path
from django.db.backends.signals import connection_created
BASE_DIR = Path(__file__).resolve().parent
SECRET_KEY = "bench-only"
DEBUG = False
ALLOWED_HOSTS = ["*"]
INSTALLED_APPS = ["django.contrib.admin", "django.contrib.auth", "django.contrib.contenttypes", "django.contrib.sessions",
                  "django.contrib.messages", "django.contrib.staticfiles", "django.contrib.sites", "django.contrib.humanize",
                  "rest_framework", "rest_framework.authtoken", "helpdesk"]
MIDDLEWARE = ["django.contrib.sessions.middleware.SessionMiddleware", "django.middleware.common.CommonMiddleware",
              "django.contrib.auth.middleware.AuthenticationMiddleware", "django.contrib.messages.middleware.MessageMiddleware"]
ROOT_URLCONF = "urls"
TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "APP_DIRS": True,
              "OPTIONS": {"context_processors": ["django.template.context_processors.request",
                                                 "django.contrib.auth.context_processors.auth",
                                                 "django.contrib.messages.context_processors.messages"]}}]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": BASE_DIR / "helpdesk.sqlite3",
                         "OPTIONS": {"timeout": 30}}}
SITE_ID = 1
STATIC_URL = "/static/"
USE_TZ = True
# Tickets mail their submitter; keep mail in memory so only ticket creation is measured.
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Teams need pinax-teams, which django-helpdesk does not install; tickets do not need teams.
HELPDESK_TEAMS_MODE_ENABLED = False
# A token per request, as an API client would use: no password hashing on every call.
REST_FRAMEWORK = {"DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.TokenAuthentication"]}
def wal(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.cursor().execute("PRAGMA journal_mode=WAL")
connection_created.connect(wal)
PY
cat > "$work/site/urls.py" <<'PY'
from django.urls import include, path
urlpatterns = [path("helpdesk/", include("helpdesk.urls"))]
PY
cat > "$work/site/wsgi_app.py" <<'PY'
from django.core.wsgi import get_wsgi_application
application = get_wsgi_application()
PY
py="$work/venv/bin/python"
export DJANGO_SETTINGS_MODULE=settings PYTHONPATH="$work/site"
rm -f "$work/site/helpdesk.sqlite3"*
"$py" -m django migrate -v 0
token=$("$py" - <<'PY'
import django; django.setup()
from django.contrib.auth.models import User
from rest_framework.authtoken.models import Token
from helpdesk.models import Queue
admin = User.objects.create_superuser("bench", "bench@example.org", "bench-password")
Queue.objects.create(title="Servis", slug="servis")
print(Token.objects.create(user=admin).key)
PY
)
"$work/venv/bin/gunicorn" -w 2 -b "127.0.0.1:$port" --chdir "$work/site" wsgi_app:application >"$work/gunicorn.log" 2>&1 &
gunicorn=$!
trap 'kill $gunicorn 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$port/helpdesk/" && break; sleep 0.2; done

swift build -c release --product zavicaj >/dev/null
zavicaj=$(swift build -c release --show-bin-path)/zavicaj
check=$(curl -s -o /dev/null -w "%{http_code}" -X POST "http://127.0.0.1:$port/helpdesk/api/tickets/" \
  -H "Authorization: Token $token" -H "Content-Type: application/json" \
  -d '{"queue": 1, "title": "check", "description": "check", "submitter_email": "a@example.org", "priority": 3}')
[ "$check" = 201 ] || { echo "django-helpdesk did not create a ticket (HTTP $check); see $work/gunicorn.log"; exit 1; }

echo "== django-helpdesk $("$work/venv/bin/pip" show django-helpdesk | sed -n 's/^Version: //p'): POST /api/tickets/, 2 gunicorn workers, SQLite WAL, 16 connections"
helpdesk=$("$zavicaj" bench load --url "http://127.0.0.1:$port/helpdesk/api/tickets/" --method POST --connections 16 --seconds "$seconds" \
  --header "Authorization: Token $token" --header "Content-Type: application/json" \
  --body '{"queue": 1, "title": "Izvod {n}", "description": "Trebam izvod iz matične knjige rođenih.", "submitter_email": "asker@example.org", "priority": 3}')
echo "$helpdesk"
kill $gunicorn; trap - EXIT

echo "== Zavičaj: POST /api/v1/jajce/inquiries over 100,000 seeded inquiries, SQLite"
run16=$("$zavicaj" bench inquiries --connections 16 --seconds "$seconds")
echo "$run16"
ours16=$(echo "$run16" | grep "POST inquiry")
"$zavicaj" bench inquiries --connections 64 --seconds "$seconds"
rate() { echo "$1" | sed -E 's/.* ([0-9]+) req\/s.*/\1/'; }
echo "ratio at 16 connections: Zavičaj $(rate "$ours16") / django-helpdesk $(rate "$helpdesk") submissions per second = $(( $(rate "$ours16") / ($(rate "$helpdesk") > 0 ? $(rate "$helpdesk") : 1) ))x"
