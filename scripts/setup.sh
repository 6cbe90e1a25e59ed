#!/usr/bin/env bash
# Installs what mailreader and its tests need on a Debian 12 machine (as root), idempotently:
# Dovecot (IMAP + LMTP), Postfix, OpenSSL, PostgreSQL when absent, and the project in .venv.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
for pkg in dovecot-core dovecot-imapd dovecot-lmtpd postfix openssl; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || need+=("$pkg")
done
command -v pg_ctlcluster >/dev/null || need+=(postgresql)
command -v systemd-analyze >/dev/null || need+=(systemd)

if [ ${#need[@]} -gt 0 ]; then
    echo "setup: installing ${need[*]}" >&2
    # No init system here: stop maintainer scripts from starting the system's own daemons.
    made_policy=""
    if [ ! -e /usr/sbin/policy-rc.d ]; then
        printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
        chmod 755 /usr/sbin/policy-rc.d
        made_policy=1
    fi
    # Postfix: write no main.cf and start nothing; the test stack brings its own configuration.
    echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
    [ -n "$made_policy" ] && rm -f /usr/sbin/policy-rc.d
fi

if [ ! -x .venv/bin/python ]; then
    python3 -m venv .venv
fi
.venv/bin/pip install -q --disable-pip-version-check -e '.[test]'
