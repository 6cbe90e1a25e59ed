"""The readings service over HTTP (`mailreader serve`): other channels submit readings through
the same rules as mail, billing reads histories and exports. FastAPI on uvicorn; the storage
it needs is in mailreader.db (`idempotency`), the rules in mailreader.readings.service."""
