"""Loaded at the start of a test's child process (this folder is on its PYTHONPATH)."""
import loopback_names

loopback_names.install_from_env()
