"""Pages of the development catalog: partners, activities, JP conversion, settings, sessions
and registrations.

Thin views: scoped reads (development.catalog_selectors), writes through
development.catalog_services and development.sessions_services.
"""
