"""Makes the stack's throw-away test CA and the server certificate it signs, with openssl."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class TlsFiles:
    ca_file: Path
    cert_file: Path
    key_file: Path


def _openssl(*args: str) -> None:
    subprocess.run(["openssl", *args], check=True, capture_output=True)


def make_certificates(directory: Path, domain: str) -> TlsFiles:
    """Create (once) a CA and a server certificate for 127.0.0.1, localhost and the domain.

    EC keys: generating them costs milliseconds where RSA costs up to a second.
    """
    directory.mkdir(parents=True, exist_ok=True)
    files = TlsFiles(directory / "ca.pem", directory / "server.pem", directory / "server.key")
    if files.cert_file.exists() and files.key_file.exists() and files.ca_file.exists():
        return files
    ca_key = directory / "ca.key"
    csr = directory / "server.csr"
    ext = directory / "server.ext"
    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    _openssl(
        "req", "-x509", *ec, "-keyout", str(ca_key), "-out", str(files.ca_file),
        "-days", "3650", "-subj", f"/CN=Test CA {domain}",
        "-addext", "basicConstraints=critical,CA:TRUE",
        "-addext", "keyUsage=critical,keyCertSign,cRLSign",
    )  # fmt: skip
    _openssl(
        "req", "-new", *ec, "-keyout", str(files.key_file), "-out", str(csr),
        "-subj", f"/CN={domain}",
    )  # fmt: skip
    # Python's ssl (and OpenSSL's strict mode) want a SAN, leaf key usage and serverAuth.
    ext.write_text(
        f"subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:{domain},DNS:*.{domain}\n"
        "basicConstraints=critical,CA:FALSE\n"
        "keyUsage=critical,digitalSignature,keyEncipherment\n"
        "extendedKeyUsage=serverAuth\n"
        "authorityKeyIdentifier=keyid\n"
        "subjectKeyIdentifier=hash\n"
    )
    _openssl(
        "x509", "-req", "-in", str(csr), "-CA", str(files.ca_file), "-CAkey", str(ca_key),
        "-CAcreateserial", "-out", str(files.cert_file), "-days", "825", "-extfile", str(ext),
    )  # fmt: skip
    files.key_file.chmod(0o600)
    return files
