"""`python -m mailreader` is `mailreader`."""

from mailreader.cli import main

main()
