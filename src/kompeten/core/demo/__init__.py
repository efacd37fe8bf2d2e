"""Synthetic demo data: agencies, unit trees, positions, employees and logins.

Everything here is made up (Agency.is_demo=True, names end in "(Demo)", e-mail domains end in
`.example`). It is seeded in bulk, not edited by anyone, so it writes no audit trail except for
the role grants of the demo logins, which go through accounts.services.membership_create.
"""
