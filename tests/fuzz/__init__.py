"""Property-based tests over every view's query parameters and every form's fields (issue 12).

The pieces live here; the test itself is tests/test_fuzz_views.py.
"""
