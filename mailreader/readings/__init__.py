"""The readings service: accounts, meters, the rules for accepting a reading, periods,
the accounts import and the billing export. It knows nothing about mail."""
