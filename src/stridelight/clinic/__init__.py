"""The clinic: services, therapists' hours, and appointments that never overlap."""
