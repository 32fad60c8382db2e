"""Demonstration data: fictional trusts, NOF files, plans and good-practice notes, loaded by
`manage.py seed_demo` through the same services staff and trust leaders use.

Not a production app: installed only when `DJANGO_DEMO` is set (by default when debugging or in
a local preview, as `make run` is), so a production deployment carries none of it.
"""
