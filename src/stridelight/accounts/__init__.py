"""Accounts: people who sign in, by e-mail, each with one role."""
