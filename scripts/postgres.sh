#!/usr/bin/env bash
# Makes sure PostgreSQL answers on 127.0.0.1:5432 with a `test` database the tests may use
# without a password (the machine's own server; started here when it is not running).
set -euo pipefail
if ! pg_isready -q -h 127.0.0.1 -p 5432; then
    version=$(ls /etc/postgresql | sort -V | tail -n 1)
    pg_ctlcluster --skip-systemctl-redirect "$version" main start
    for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
fi
if ! psql -h 127.0.0.1 -U postgres -d test -c 'select 1' >/dev/null 2>&1; then
    # A server installed by scripts/setup.sh asks for passwords on TCP: trust loopback, as CI's does.
    version=$(ls /etc/postgresql | sort -V | tail -n 1)
    hba=/etc/postgresql/$version/main/pg_hba.conf
    if ! grep -q "mailreader-tests" "$hba"; then
        sed -i '1i host all all 127.0.0.1/32 trust # mailreader-tests' "$hba"
        pg_ctlcluster --skip-systemctl-redirect "$version" main reload
    fi
    su postgres -c "psql -tc \"select 1 from pg_database where datname='test'\" | grep -q 1 || createdb test"
fi
pg_isready -h 127.0.0.1 -p 5432
