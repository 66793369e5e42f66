"""The town hall's oversight dashboard: how local commerce does online, with CSV and open-data exports."""
