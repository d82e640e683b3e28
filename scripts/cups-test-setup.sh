#!/usr/bin/env bash
# The local CUPS the integration tests and `npm run bench:print` print through: cupsd on this
# machine only, and queues whose device is a file, so every job's output can be inspected.
# Idempotent: run it as root as often as you like.
#
#   bso-test         PostScript driver, writes each job to $BSO_CUPS_DIR/bso-test.prn
#   bso-test-broken  its output file's folder is missing, so every job stops until it exists
#
# Never runs `lpinfo -v` (it probes the network) and uses no `-m everywhere` (it needs one).
set -euo pipefail

dir=${BSO_CUPS_DIR:-/var/tmp/bso-cups}
ppd=/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd

if [ "$(id -u)" -ne 0 ]; then
  echo "cups-test-setup: run as root (it edits /etc/cups and starts cupsd)" >&2
  exit 1
fi

# ipptool (cups-ipp-utils) follows each job by its IPP attributes; the PPD comes with cups-pdf
if ! command -v cupsd >/dev/null 2>&1 || ! command -v lp >/dev/null 2>&1 ||
  ! command -v ipptool >/dev/null 2>&1 || [ ! -f "$ppd" ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq cups cups-client cups-bsd cups-ipp-utils printer-driver-cups-pdf >/dev/null
fi

# file: devices are off by default; printers are never advertised on the network
changed=0
files=/etc/cups/cups-files.conf
if ! grep -qx 'FileDevice Yes' "$files"; then
  sed -i -E '/^#?[[:space:]]*FileDevice[[:space:]]/d' "$files"
  echo 'FileDevice Yes' >>"$files"
  changed=1
fi
conf=/etc/cups/cupsd.conf
if ! grep -qx 'Browsing No' "$conf"; then
  sed -i -E '/^[[:space:]]*Browsing[[:space:]]/d' "$conf"
  echo 'Browsing No' >>"$conf"
  changed=1
fi

running() { LC_ALL=C lpstat -r 2>/dev/null | grep -q 'scheduler is running'; }

if running; then
  if [ "$changed" -eq 1 ] && [ -f /run/cups/cupsd.pid ]; then
    kill -HUP "$(cat /run/cups/cupsd.pid)"
    sleep 1
  fi
else
  mkdir -p /run/cups
  cupsd
fi
for _ in $(seq 1 50); do
  running && break
  sleep 0.2
done
if ! running; then
  echo "cups-test-setup: cupsd did not start; see /var/log/cups/error_log" >&2
  exit 1
fi

# the scheduler opens a file device without creating it: the file must be there first
mkdir -p "$dir"
touch "$dir/bso-test.prn"
rm -rf "$dir/missing"

lpadmin -p bso-test -E -v "file://$dir/bso-test.prn" -P "$ppd" \
  -D 'bso-kiosk test queue' -o printer-error-policy=abort-job
lpadmin -p bso-test-broken -E -v "file://$dir/missing/bso-test-broken.prn" -P "$ppd" \
  -D 'bso-kiosk test queue with a missing output folder' -o printer-error-policy=abort-job
for queue in bso-test bso-test-broken; do
  cupsenable "$queue"
  cupsaccept "$queue"
  cancel -a "$queue" 2>/dev/null || true
done

echo "cups-test-setup: cupsd running; queues bso-test, bso-test-broken; output in $dir"
