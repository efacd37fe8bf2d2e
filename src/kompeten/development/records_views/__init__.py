"""Pages of development records and the 20 JP rule.

Thin views: scoped reads from records_selectors, writes through records_services, who may
do what from policies_records.
"""
