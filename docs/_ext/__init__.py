"""Generators and checks for the documentation site (see ``reference``)."""
