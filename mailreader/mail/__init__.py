"""The mail servers' edges: IMAP (the only imapclient user), SMTP (the only aiosmtplib
user), TLS and OAuth 2.0 tokens."""
