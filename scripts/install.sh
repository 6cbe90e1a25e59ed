#!/usr/bin/env bash
# Installs mailreader from this checkout as a systemd service on Debian 12 (as root):
#   /opt/mailreader                  a venv holding mailreader and its libraries (Debian's own
#                                    Python refuses `pip install` outside a venv, PEP 668)
#   /usr/local/bin/mailreader        the same command for an operator's shell
#   /etc/mailreader/config.toml      config.example.toml, naming the two password files (kept if present)
#   /etc/mailreader/imap-password, smtp-password   empty, mode 0600 (kept if present)
#   /etc/systemd/system/mailreader.service
#   /etc/systemd/system/mailreader-serve.service   the HTTP API (`mailreader serve`), not enabled
# Run it again to upgrade: the venv is reinstalled from the checkout; config and secrets stay.
#
#   scripts/install.sh [--root DIR]    DIR: install into DIR instead of / (the tests do)
set -euo pipefail
cd "$(dirname "$0")/.."
root=""
if [ "${1:-}" = "--root" ]; then
    root="${2:?--root needs a directory}"
fi
venv="$root/opt/mailreader"
etc="$root/etc/mailreader"

if ! python3 -c 'import ensurepip, venv' 2>/dev/null; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq --no-install-recommends python3-venv >/dev/null
fi
python3 -m venv "$venv"
"$venv/bin/pip" install -q --disable-pip-version-check --upgrade .
install -d -m 0755 "$root/usr/local/bin"
ln -sfn /opt/mailreader/bin/mailreader "$root/usr/local/bin/mailreader"

install -d -m 0755 "$etc"
if [ ! -e "$etc/config.toml" ]; then
    # The example with its two password_file lines set: the first is [imap]'s, the second [smtp]'s.
    awk 'BEGIN { file[1] = "/etc/mailreader/imap-password"; file[2] = "/etc/mailreader/smtp-password" }
         /^# password_file = ""/ && n < 2 { n++; print "password_file = \"" file[n] "\""; next }
         { print }' config.example.toml > "$etc/config.toml"
    chmod 0644 "$etc/config.toml"
fi
for secret in imap-password smtp-password; do
    [ -e "$etc/$secret" ] || install -m 0600 /dev/null "$etc/$secret"
done
install -D -m 0644 systemd/mailreader.service "$root/etc/systemd/system/mailreader.service"
install -D -m 0644 systemd/mailreader-serve.service "$root/etc/systemd/system/mailreader-serve.service"

if [ -z "$root" ] && [ -d /run/systemd/system ]; then
    systemctl daemon-reload
fi
cat <<EOF
installed: $venv ($("$venv/bin/mailreader" --version))
next: edit $etc/config.toml and write the passwords:
  printf '%s\n' 'the IMAP password' > $etc/imap-password
  mailreader check-config        # logs in to IMAP and SMTP, creates nothing
  systemctl enable --now mailreader && mailreader status
EOF
