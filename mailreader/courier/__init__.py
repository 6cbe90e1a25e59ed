"""The courier: the outbox's sending half and the process of `mailreader run` that runs it.
It imports neither the parser, the reply templates nor IMAP."""
