"""Stridelight."""
