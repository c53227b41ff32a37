"""Measurements of hoidap, kept apart from the product: `hoidap bench` runs them from a checkout.

Benchmarks are not tests: they time things on a shared, noisy machine, so what is compared is
measured in the same run.
"""
