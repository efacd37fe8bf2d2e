"""Signals for the apps below in the flow (design.md: an app never imports the ones below it).

Sent inside the writing transaction, after the rows are written, so that receivers keep their
stored figures current in the same transaction.
"""

from django.dispatch import Signal

# kwargs: agency_id, employee_ids (a collection of ids, or None for "possibly all"),
# unit_ids (optional: units that lost an employee who no longer exists)
employees_changed = Signal()
# kwargs: agency_id, position_ids, kind_changed (bool)
positions_changed = Signal()
