"""The speed boundary: results kept between builds under digests of their inputs, and
worker processes.
"""
