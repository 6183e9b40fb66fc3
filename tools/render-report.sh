#!/usr/bin/env bash
# Opens a `recur report` page in headless Chromium (Debian's `chromium`), fails unless it renders cleanly, and writes a
# screenshot. Clean means: the page's own script ran to the end (it marks <html data-rendered="N">, N unit panels drawn),
# no script error was caught (data-error) and nothing was written to the console, and the page asked for no URL: Chromium's network
# log (--log-net-log) holds no http(s) request but the browser's own background ones (time, update, account and
# dictionary services). Host names all resolve to "not found", so nothing leaves the machine either way.
#
# Usage: tools/render-report.sh REPORT.html SCREENSHOT.png [WIDTH [HEIGHT]]
set -euo pipefail
if [ $# -lt 2 ]; then echo "usage: $0 REPORT.html SCREENSHOT.png [WIDTH [HEIGHT]]" >&2; exit 2; fi
report="$(realpath "$1")"
shot="$2"
width="${3:-1100}"
height="${4:-1400}"
browser="$(command -v chromium || command -v chromium-browser || true)"
if [ -z "$browser" ]; then echo "render-report: chromium is not installed (apt-get install -y chromium)" >&2; exit 2; fi
if [ ! -f "$report" ]; then echo "render-report: $1: no such file" >&2; exit 2; fi

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
flags=(--headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run --user-data-dir="$tmp/profile"
       --host-resolver-rules="MAP * ~NOTFOUND" --disable-background-networking --disable-component-update --disable-sync
       --enable-logging=stderr --v=0)
# Requests Chromium makes by itself, whatever the page.
browser_own='^https?://(clients2\.google\.com/time/|update\.googleapis\.com/service/update2|accounts\.google\.com/ListAccounts|redirector\.gvt1\.com/edgedl/)'
fail() { echo "render-report: $report: $1" >&2; exit 1; }

# The DOM after the page's scripts ran, and Chromium's log with the page's console messages.
"$browser" "${flags[@]}" --virtual-time-budget=5000 --log-net-log="$tmp/net.json" --dump-dom "file://$report" > "$tmp/dom.html" 2> "$tmp/chromium.log" \
  || fail "chromium failed (see its log: $(tail -n 3 "$tmp/chromium.log"))"
panels="$(grep -o 'data-rendered="[0-9]*"' "$tmp/dom.html" | head -n 1 | grep -o '[0-9]*' || true)"
[ -n "$panels" ] || fail "the page's script did not finish (no data-rendered mark)"
if grep -q 'data-error=' "$tmp/dom.html"; then fail "script error: $(grep -o 'data-error="[^"]*"' "$tmp/dom.html" | head -n 1)"; fi
# The page writes nothing to the console, so any console line (an uncaught error, a warning) is a fault.
if grep -qE ':CONSOLE[:(]' "$tmp/chromium.log"; then fail "console message: $(grep -E ':CONSOLE[:(]' "$tmp/chromium.log" | head -n 1)"; fi
requests="$(grep -o '"url":"https\?://[^"]*"' "$tmp/net.json" | sed 's/^"url":"//; s/"$//' | grep -Ev "$browser_own" | sort -u || true)"
[ -z "$requests" ] || fail "the page asked for the network: $(echo "$requests" | head -n 3 | tr '\n' ' ')"

"$browser" "${flags[@]}" --virtual-time-budget=5000 --window-size="$width,$height" --screenshot="$(realpath -m "$shot")" "file://$report" \
  2> "$tmp/screenshot.log" || fail "the screenshot failed"
[ -s "$shot" ] || fail "no screenshot was written"
echo "render-report: $1 rendered ($panels unit panels, no script error, no console message, no network request); screenshot $shot"
